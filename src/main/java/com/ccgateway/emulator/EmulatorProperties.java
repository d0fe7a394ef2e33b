package com.ccgateway.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
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
 * @param nodeName       gateway node name, the suffix of every Guid it issues, when it runs as one node
 * @param nodes          how many nodes it runs as; above 1, nodes {@code AgentGateway0..N-1} each have a port
 *                       of their own, and the main port is the cluster's load balancer
 * @param nodePorts      the nodes' ports, in order; missing ones are chosen free
 * @param pollHold       how long an event poll is held open when no event is queued
 * @param authMode       1: a Guid stays valid for the whole session; 2: the Guid rotates (the gateway's default)
 * @param guidInterval   AUTHMODE 2: how often an agent's Guid rotates (GUIDINTERVAL)
 * @param guidTimeout    AUTHMODE 2: how long after it was issued a Guid is refused with 000-003 (GUIDTIMEOUT)
 * @param idleSignOut    an agent that has not polled for this long is signed out
 * @param ringTimeout    a ringing call nobody answers or rejects ends after this long
 * @param agentIdMin     lowest agent ID the gateway accepts
 * @param agentIdMax     highest agent ID the gateway accepts
 * @param requestJournal how many recent gateway requests {@code GET /emulator/requests} keeps
 * @param controlKey     the key the control API ({@code /emulator/**}) wants in {@code X-Emulator-Key}; without
 *                       one the control API refuses every request
 * @param tls            the certificate made at start-up
 */
@Validated
@ConfigurationProperties("emulator")
public record EmulatorProperties(
        @DefaultValue("AgentGateway1") @NotBlank String nodeName,
        @DefaultValue("1") @Min(1) @Max(16) int nodes,
        @DefaultValue({}) @NotNull List<Integer> nodePorts,
        @DefaultValue("10s") @NotNull Duration pollHold,
        @DefaultValue("2") @Min(1) @Max(2) int authMode,
        @DefaultValue("60s") @NotNull Duration guidInterval,
        @DefaultValue("120s") @NotNull Duration guidTimeout,
        @DefaultValue("2m") @NotNull Duration idleSignOut,
        @DefaultValue("15s") @NotNull Duration ringTimeout,
        @DefaultValue("101") @Min(0) int agentIdMin,
        @DefaultValue("59999") @Min(0) int agentIdMax,
        @DefaultValue("500") @Min(1) int requestJournal,
        String controlKey,
        @DefaultValue @NotNull Tls tls) {

    /**
     * @param hostNames          DNS names and IP addresses the certificate is valid for
     * @param trustStore         where the PKCS12 truststore holding the certificate is written, for clients;
     *                           the PEM copy goes beside it
     * @param trustStorePassword its integrity password (it holds no private key)
     * @param clientCa           optional: a PEM file of CA certificates; when set, every port wants a client
     *                           certificate issued by one of them (mutual TLS), as a gateway behind a TLS
     *                           terminator that checks its clients may
     */
    public record Tls(
            @DefaultValue({"localhost", "127.0.0.1"}) @NotEmpty List<String> hostNames,
            @DefaultValue("target/emulator/truststore.p12") @NotNull Path trustStore,
            @DefaultValue("emulator") @NotBlank String trustStorePassword,
            Path clientCa) {
    }
}
