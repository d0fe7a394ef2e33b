package com.ccgateway.adapter.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** {@code cc.commands} (every result, by type, status and reason) and {@code cc.dead.letters} (by reason). */
@Component("commandMetrics")
public class CommandMetrics {

    private final MeterRegistry registry;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void answered(@ExchangeProperty("result") CommandResult result) {
        Counter.builder("cc.commands").description("Commands answered, by type, status and reason")
                .tag("type", result.type() == null ? "unknown" : result.type().name())
                .tag("status", result.status().name())
                .tag("reason", reason(result))
                .register(registry).increment();
    }

    public void deadLettered(@ExchangeProperty("result") CommandResult result) {
        Counter.builder("cc.dead.letters").description("Records copied to the dead-letter topic, by reason")
                .tag("reason", reason(result))
                .register(registry).increment();
    }

    private static String reason(CommandResult result) {
        return result.error() == null ? "none" : result.error().reason();
    }
}
