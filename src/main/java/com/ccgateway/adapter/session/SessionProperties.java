package com.ccgateway.adapter.session;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the adapter keeps agents' gateway sessions ({@code cc.sessions.*}).
 *
 * @param pollDelay   pause between an empty poll answer and the next poll (the gateway asks for 200-500 ms)
 * @param pollTimeout how long a poll may wait for its connection, and then for its answer; above the gateway's
 *                    hold time (about 10 s)
 * @param retryDelay  pause after a poll that failed in transport or with a transient error; doubled after each
 *                    further failure in a row
 * @param maxRetryDelay the longest that pause grows to; well below the 2 minutes without a poll after which the
 *                    gateway signs the agent out
 * @param pollThreads threads that handle poll answers, and as many for the HTTP client's own work; polls in flight
 *                    hold no thread
 * @param reSignIn    sign an agent in again when the gateway ends its session (100-006, 000-003, 105-00x);
 *                    the credentials are then kept in memory until sign-out, and never anywhere else
 * @param forceSignIn answer 100-002 (already signed in) at sign-in with {@code forcelogin}
 * @param restoreThreads sessions handled at once after the gateway ended them (saying so, signing in again):
 *                    each waits for its sign-in call, and a gateway node failing ends thousands together
 */
@Validated
@ConfigurationProperties(prefix = "cc.sessions", ignoreUnknownFields = false)
public record SessionProperties(
        @DefaultValue("200ms") @NotNull Duration pollDelay,
        @DefaultValue("30s") @NotNull Duration pollTimeout,
        @DefaultValue("2s") @NotNull Duration retryDelay,
        @DefaultValue("30s") @NotNull Duration maxRetryDelay,
        @DefaultValue("4") @Min(1) int pollThreads,
        @DefaultValue("true") boolean reSignIn,
        @DefaultValue("false") boolean forceSignIn,
        @DefaultValue("16") @Min(1) int restoreThreads) {
}
