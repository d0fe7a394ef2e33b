package com.ccgateway.adapter.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway is and how to reach it ({@code cc.gateway.*}).
 *
 * @param baseUrl         scheme, host and port of the gateway (or its load balancer), without a path
 * @param nodes           optional: node name (the Guid's suffix, such as {@code AgentGateway1}) to that node's
 *                        URL; an agent's calls then go straight to the node holding its session, the others
 *                        to {@code baseUrl}
 * @param connectTimeout  how long to wait for a connection
 * @param responseTimeout how long to wait for the answer to an operation such as phonehangup
 * @param maxConnections  connections kept open to the gateway for operations; as many as
 *                        {@code cc.kafka.concurrency}, or commands in flight wait for a connection
 * @param tls             how the gateway's certificate is verified, and the adapter's own for mutual TLS
 */
@Validated
@ConfigurationProperties("cc.gateway")
public record GatewayProperties(
        @NotNull URI baseUrl,
        @DefaultValue({}) @NotNull Map<String, URI> nodes,
        @DefaultValue("3s") @NotNull Duration connectTimeout,
        @DefaultValue("5s") @NotNull Duration responseTimeout,
        @DefaultValue("128") @Min(1) int maxConnections,
        @DefaultValue @Valid Tls tls) {

    /** Where the calls for a session on {@code node} go. */
    public URI urlOf(String node) {
        return node == null ? baseUrl : nodes.getOrDefault(node, baseUrl);
    }

    /**
     * @param trustStore         location of the truststore holding the gateway's CA ({@code file:...},
     *                           {@code classpath:...}); when unset, the JVM's default CAs are trusted
     * @param trustStorePassword its password
     * @param trustStoreType     PKCS12 or JKS
     * @param keyStore           optional: the adapter's own key and certificate, for a gateway that wants
     *                           mutual TLS
     * @param keyStorePassword   its password, which is also the key's
     * @param keyStoreType       PKCS12 or JKS
     */
    public record Tls(
            String trustStore, String trustStorePassword, @DefaultValue("PKCS12") @NotBlank String trustStoreType,
            String keyStore, String keyStorePassword, @DefaultValue("PKCS12") @NotBlank String keyStoreType) {

        @Override
        public String toString() {
            return "Tls[trustStore=" + trustStore + ", trustStoreType=" + trustStoreType
                    + ", keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + "]";
        }
    }
}
