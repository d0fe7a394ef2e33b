package com.ccgateway.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the emulator ({@code emulator.*}).
 *
 * @param nodeName       gateway node name, the suffix of every Guid it issues
 * @param pollHold       how long an event poll is held open when no event is queued
 * @param agentIdMin     lowest agent ID the gateway accepts
 * @param agentIdMax     highest agent ID the gateway accepts
 * @param requestJournal how many recent gateway requests {@code GET /emulator/requests} keeps
 * @param tls            the certificate made at start-up
 */
@Validated
@ConfigurationProperties("emulator")
public record EmulatorProperties(
        @DefaultValue("AgentGateway1") @NotBlank String nodeName,
        @DefaultValue("10s") @NotNull Duration pollHold,
        @DefaultValue("101") @Min(0) int agentIdMin,
        @DefaultValue("59999") @Min(0) int agentIdMax,
        @DefaultValue("500") @Min(1) int requestJournal,
        @DefaultValue @NotNull Tls tls) {

    /**
     * @param hostNames          DNS names and IP addresses the certificate is valid for
     * @param trustStore         where the PKCS12 truststore holding the certificate is written, for clients
     * @param trustStorePassword its integrity password (it holds no private key)
     */
    public record Tls(
            @DefaultValue({"localhost", "127.0.0.1"}) @NotEmpty List<String> hostNames,
            @DefaultValue("target/emulator/truststore.p12") @NotNull Path trustStore,
            @DefaultValue("emulator") @NotBlank String trustStorePassword) {
    }
}
