package com.ccgateway.adapter.command;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How commands are validated ({@code cc.commands.*}).
 *
 * @param agentIdMin the lowest agent ID accepted (the gateway's range: 101..59999, newer releases up to 999999)
 * @param agentIdMax the highest agent ID accepted
 * @param timeToLive how long a reject without {@code expiresAt} stays worth sending after it was made
 * @param maxSize    the largest command accepted (Kafka record value or REST body); a command needs far less
 */
@Validated
@ConfigurationProperties(prefix = "cc.commands", ignoreUnknownFields = false)
public record CommandProperties(
        @DefaultValue("101") @Min(0) int agentIdMin,
        @DefaultValue("59999") @Max(999_999_999) int agentIdMax,
        @DefaultValue("30s") @NotNull Duration timeToLive,
        @DefaultValue("16KB") @NotNull DataSize maxSize) {
}
