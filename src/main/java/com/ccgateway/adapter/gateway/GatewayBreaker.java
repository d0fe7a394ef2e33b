package com.ccgateway.adapter.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker in front of the gateway (Resilience4j). Calls the gateway did not answer (transport
 * failure, timeout, HTTP 5xx, 408, 429) count as failures; every answer, business errors and refusals (other
 * 4xx) included, shows the gateway alive. While the breaker is open no call is made: the command waits,
 * through the gateway-retries backoff, until the breaker lets a trial call through or the command's deadline
 * passes. Health ({@code gatewayBreaker}) shows the state; open is OUT_OF_SERVICE.
 */
@Component("gatewayBreaker")
public class GatewayBreaker implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayBreaker.class);

    /**
     * {@code cc.gateway.breaker.*}
     *
     * @param slidingWindow         the calls it judges by, the latest first
     * @param failureRateThreshold  the share of those calls (in %) that must have failed for it to open;
     *                              100 opens only for a gateway that answers nothing at all
     * @param waitInOpen            how long it stays open before it lets trial calls through
     * @param callsInHalfOpen       trial calls; all must succeed to close it again
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.gateway.breaker", ignoreUnknownFields = false)
    public record Settings(
            @DefaultValue("10") @Min(1) int slidingWindow,
            @DefaultValue("100") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("5s") @NotNull Duration waitInOpen,
            @DefaultValue("1") @Min(1) int callsInHalfOpen) {
    }

    private final CircuitBreaker breaker;

    public GatewayBreaker(Settings settings) {
        breaker = CircuitBreaker.of("gateway", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(settings.slidingWindow())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(settings.callsInHalfOpen())
                .build());
        breaker.getEventPublisher().onStateTransition(event ->
                LOG.warn("Gateway circuit breaker: {}", event.getStateTransition()));
    }

    /** Before a call: throws a {@link TransientGatewayFailure}, without calling, while the breaker is open. */
    public void permit() {
        if (!breaker.tryAcquirePermission()) {
            throw new TransientGatewayFailure(GatewayReply.transportFailure(
                    "not called: the gateway circuit breaker is open after repeated failures"));
        }
    }

    /** After a permitted call: its reply counts for or against the gateway. */
    public GatewayReply record(@Body GatewayReply reply) {
        if (reply.answered() || GatewayError.of(reply) == GatewayError.GATEWAY_REFUSED) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        } else {
            LOG.debug("Gateway call failed: {}", reply.transportFailure());
            breaker.onError(0, TimeUnit.NANOSECONDS, new TransientGatewayFailure(reply));
        }
        return reply;
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public Health health() {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Health.Builder health = breaker.getState() == CircuitBreaker.State.OPEN ? Health.outOfService() : Health.up();
        return health.withDetail("state", breaker.getState())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .build();
    }
}
