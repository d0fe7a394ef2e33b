package com.ccgateway.adapter.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * {@code cc.gateway.requests}: each call's latency as a histogram, by interface (phonehangup, onlineagent,
 * ...) and outcome (answered, or unanswered: transport failure, timeout, non-200).
 */
@Component("gatewayMetrics")
public class GatewayMetrics {

    /** The exchange property holding the running call's timer. */
    public static final String SAMPLE = "gatewayCallTimer";

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    public GatewayReply stop(@Body GatewayReply reply, @ExchangeProperty(SAMPLE) Timer.Sample sample,
                             @ExchangeProperty("gatewayPath") String path) {
        sample.stop(Timer.builder("cc.gateway.requests").description("Gateway calls, by interface and outcome")
                .tag("interface", interfaceOf(path))
                .tag("outcome", reply.answered() ? "answered" : "unanswered")
                .publishPercentileHistogram()
                .register(registry));
        return reply;
    }

    /** {@code .../voicecall/101/phonehangup} is phonehangup; {@code .../onlineagent/101} is onlineagent. */
    static String interfaceOf(String path) {
        String[] segments = path.split("/");
        String last = segments[segments.length - 1];
        return last.chars().allMatch(Character::isDigit) ? segments[segments.length - 2] : last;
    }
}
