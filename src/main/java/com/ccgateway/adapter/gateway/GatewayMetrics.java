package com.ccgateway.adapter.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** By interface, then outcome: a few timers, looked up on every call without building a meter id. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    public GatewayReply stop(@Body GatewayReply reply, @ExchangeProperty(SAMPLE) Timer.Sample sample,
                             @ExchangeProperty("gatewayPath") String path) {
        String outcome = reply.answered() ? "answered" : "unanswered";
        String gatewayInterface = interfaceOf(path);
        sample.stop(timers.computeIfAbsent(gatewayInterface + ' ' + outcome, key -> Timer.builder("cc.gateway.requests")
                .description("Gateway calls, by interface and outcome")
                .tag("interface", gatewayInterface)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)));
        return reply;
    }

    /** {@code .../voicecall/101/phonehangup} is phonehangup; {@code .../onlineagent/101} is onlineagent. */
    static String interfaceOf(String path) {
        int lastSlash = path.lastIndexOf('/');
        String last = path.substring(lastSlash + 1);
        if (!last.chars().allMatch(Character::isDigit)) {
            return last;
        }
        return path.substring(path.lastIndexOf('/', lastSlash - 1) + 1, lastSlash);
    }
}
