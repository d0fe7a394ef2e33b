package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.ccgateway.LocalStack;
import com.ccgateway.emulator.EmulatorApplication;

/**
 * TLS to the gateway is verified: a gateway whose certificate the truststore does not hold, or whose
 * certificate does not name the host the adapter called, is refused before any request is sent. Each case
 * runs an adapter of its own (REST only: its command topic is its own) against the test stack's emulator.
 */
class GatewayTlsTest {

    private static final String AGENT = "59996";

    /** The same emulator under a name its certificate does not carry (it names localhost and 127.0.0.1). */
    @Nested
    class HostNameMismatch {

        @Test
        void gatewayUnderAnotherNameIsRefused() {
            LocalStack stack = LocalStackInitializer.stack();
            assertRefused(Map.of("cc.gateway.base-url", "https://127.0.0.2:" + stack.emulatorPort()));
        }
    }

    /** A gateway with a certificate of its own, which the adapter's truststore does not hold. */
    @Nested
    class UntrustedCertificate {

        @Test
        void gatewayWithAnUntrustedCertificateIsRefused() {
            ConfigurableApplicationContext stranger = EmulatorApplication.start(
                    "--server.port=0", "--emulator.tls.trust-store=" + Path.of("target", "untrusted-emulator", "truststore.p12").toAbsolutePath());
            try {
                int port = ((WebServerApplicationContext) stranger).getWebServer().getPort();
                assertRefused(Map.of("cc.gateway.base-url", "https://localhost:" + port));
            } finally {
                stranger.close();
            }
        }
    }

    private static void assertRefused(Map<String, Object> gateway) {
        try (ConfigurableApplicationContext adapter = adapterWith(gateway)) {
            int port = ((WebServerApplicationContext) adapter).getWebServer().getPort();
            HttpTestClient.Response signIn = HttpTestClient.adapter(port)
                    .put("/api/v1/agents/" + AGENT + "/session", Map.of("password", "pw"));

            assertThat(signIn.status()).as(signIn.body()).isEqualTo(502);
            assertThat(signIn.json().path("error").path("reason").asText()).isEqualTo("GATEWAY_UNAVAILABLE");
            assertThat(signIn.json().path("error").path("description").asText()).containsIgnoringCase("SSL");
            assertThat(signIn.json().path("attempts").asInt()).isEqualTo(3);
        }
    }

    private static ConfigurableApplicationContext adapterWith(Map<String, Object> gateway) {
        Map<String, Object> properties = new HashMap<>(LocalStackInitializer.stack().adapterProperties());
        properties.putAll(gateway);
        properties.put("server.port", 0);
        properties.put("cc.topics.commands", "cc.tls-test.commands");
        properties.put("cc.kafka.group-id", "tls-test");
        // as arguments: they must win over application.yml, which default properties do not
        return new SpringApplicationBuilder(AdapterApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }
}
