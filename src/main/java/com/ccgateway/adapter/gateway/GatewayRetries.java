package com.ccgateway.adapter.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import com.ccgateway.adapter.command.Command;

/**
 * How gateway calls are retried (the {@code gateway-retries} route configuration): transient failures only,
 * with exponential backoff and jitter, and never so late that the next attempt would start past the
 * command's deadline.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayRetries {

    /** The exchange property counting the calls made for a command. */
    public static final String ATTEMPTS = "gatewayAttempts";

    /**
     * {@code cc.gateway.retry.*}
     *
     * @param maxAttempts  calls at most, the first included
     * @param initialDelay pause before the first retry; each next one is {@code multiplier} times longer
     * @param multiplier   backoff factor
     * @param maxDelay     the longest pause
     * @param jitter       each pause varies randomly by up to this share, so retries of many commands spread out
     * @param maxWait      how long a command without a deadline (sign-in, sign-out) may keep retrying, or
     *                     waiting for an open circuit breaker, after it was received
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.gateway.retry", ignoreUnknownFields = false)
    public record Settings(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration initialDelay,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("2s") @NotNull Duration maxDelay,
            @DefaultValue("0.15") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @DefaultValue("30s") @NotNull Duration maxWait) {

        /** The longest the pause before retry number {@code attempt} can be, jitter included. */
        Duration longestDelayAfter(int attempt) {
            double delay = Math.min(initialDelay.toMillis() * Math.pow(multiplier, Math.max(attempt - 1, 0)),
                    maxDelay.toMillis());
            return Duration.ofMillis((long) Math.ceil(delay * (1 + jitter)));
        }
    }

    /** Camel's own backoff and collision avoidance (jitter), from {@code cc.gateway.retry.*}. */
    @Bean
    RedeliveryPolicy gatewayRedeliveryPolicy(Settings settings) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(settings.maxAttempts() - 1);
        policy.setRedeliveryDelay(settings.initialDelay().toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(settings.multiplier());
        policy.setMaximumRedeliveryDelay(settings.maxDelay().toMillis());
        policy.setUseCollisionAvoidance(settings.jitter() > 0);
        policy.setCollisionAvoidanceFactor(settings.jitter());
        policy.setLogRetryAttempted(false);
        policy.setLogExhausted(false);
        return policy;
    }

    @Bean
    RetryDecision gatewayRetryDecision(Settings settings, Clock clock, MeterRegistry registry) {
        return new RetryDecision(settings, clock, Counter.builder("cc.gateway.retries")
                .description("Gateway calls made again after a transient failure").register(registry));
    }

    /**
     * The route's {@code retryWhile}: attempts left, and time for the next one before the deadline. A call the
     * open circuit breaker held back is no attempt: the command waits until its deadline.
     */
    public static class RetryDecision {

        private final Settings settings;
        private final Clock clock;
        private final Counter retries;

        RetryDecision(Settings settings, Clock clock, Counter retries) {
            this.settings = settings;
            this.clock = clock;
            this.retries = retries;
        }

        public boolean worthRetrying(@ExchangeProperty("command") Command command,
                                     @ExchangeProperty(ATTEMPTS) Integer attempts) {
            int made = attempts == null ? 0 : attempts;
            if (made >= settings.maxAttempts()) {
                return false;
            }
            Instant deadline = command.deadline() != null ? command.deadline()
                    : command.receivedAt().plus(settings.maxWait());
            boolean retry = clock.instant().plus(settings.longestDelayAfter(made)).isBefore(deadline);
            if (retry) {
                retries.increment();
            }
            return retry;
        }
    }
}
