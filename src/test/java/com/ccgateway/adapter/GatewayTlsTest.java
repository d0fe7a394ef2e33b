package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.ccgateway.LocalStack;
import com.ccgateway.emulator.ClientCertificate;
import com.ccgateway.emulator.EmulatorApplication;

/**
 * TLS to the gateway is verified: a gateway whose certificate the truststore does not hold, or whose
 * certificate does not name the host the adapter called, is refused before any request is sent. A gateway
 * that wants mutual TLS is served with the adapter's client certificate, and refuses it without one. Each case
 * runs an adapter of its own (REST only: its command topic is its own) against the test stack's emulator.
 */
class GatewayTlsTest {

    private static final String AGENT = "59996";
    /** The adapter refuses the gateway: its own handshake fails. */
    private static final String HANDSHAKE_FAILED = "(?is).*SSL.*";
    /**
     * The gateway refuses the adapter. Under TLS 1.3 the client's certificate travels after the client has
     * finished its side of the handshake, so the refusal may reach it as an alert or as a connection the
     * server closed under its first request.
     */
    private static final String CLIENT_REFUSED = "(?is).*(SSL|Broken pipe|Connection reset).*";

    /** The same emulator under a name its certificate does not carry (it names localhost and 127.0.0.1). */
    @Nested
    class HostNameMismatch {

        @Test
        void gatewayUnderAnotherNameIsRefused() {
            LocalStack stack = LocalStackInitializer.stack();
            assertRefused(Map.of("cc.gateway.base-url", "https://127.0.0.2:" + stack.emulatorPort()), HANDSHAKE_FAILED);
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
                assertRefused(Map.of("cc.gateway.base-url", "https://localhost:" + OwnAdapter.port(stranger)), HANDSHAKE_FAILED);
            } finally {
                stranger.close();
            }
        }
    }

    /** A gateway with a certificate of its own, which wants a client certificate issued by the adapter's CA. */
    @Nested
    class MutualTls {

        private final Path directory = Path.of("target", "mutual-tls").toAbsolutePath();
        private final ClientCertificate adapterCertificate = ClientCertificate.create(directory, "adapter");

        @Test
        void adapterWithItsCertificateIsServed() {
            try (ConfigurableApplicationContext gateway = gatewayWantingClientCertificates();
                    ConfigurableApplicationContext adapter = adapterWith(trusting(gateway, adapterCertificate))) {
                HttpTestClient.Response signIn = signIn(adapter);

                assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
                assertThat(signIn.json().path("status").asText()).isEqualTo("SUCCEEDED");
            }
        }

        @Test
        void adapterWithoutACertificateIsRefused() {
            try (ConfigurableApplicationContext gateway = gatewayWantingClientCertificates()) {
                assertRefused(trusting(gateway, null), CLIENT_REFUSED);
            }
        }

        @Test
        void adapterWithACertificateFromAnotherCaIsRefused() {
            try (ConfigurableApplicationContext gateway = gatewayWantingClientCertificates()) {
                assertRefused(trusting(gateway, ClientCertificate.create(directory, "stranger")), CLIENT_REFUSED);
            }
        }

        private ConfigurableApplicationContext gatewayWantingClientCertificates() {
            return EmulatorApplication.start("--server.port=0",
                    "--emulator.tls.trust-store=" + directory.resolve("gateway-truststore.p12"),
                    "--emulator.tls.client-ca=" + adapterCertificate.pem());
        }

        /** The adapter's settings for this gateway, showing {@code certificate} (none when null). */
        private Map<String, Object> trusting(ConfigurableApplicationContext gateway, ClientCertificate certificate) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("cc.gateway.base-url", "https://localhost:" + OwnAdapter.port(gateway));
            properties.put("cc.gateway.tls.trust-store", "file:" + directory.resolve("gateway-truststore.p12"));
            if (certificate != null) {
                properties.put("cc.gateway.tls.key-store", "file:" + certificate.keyStore());
                properties.put("cc.gateway.tls.key-store-password", certificate.password());
            }
            return properties;
        }
    }

    private static HttpTestClient.Response signIn(ConfigurableApplicationContext adapter) {
        return HttpTestClient.adapter(OwnAdapter.port(adapter)).put("/api/v1/agents/" + AGENT + "/session", Map.of("password", "pw"));
    }

    private static void assertRefused(Map<String, Object> gateway, String why) {
        try (ConfigurableApplicationContext adapter = adapterWith(gateway)) {
            HttpTestClient.Response signIn = signIn(adapter);

            assertThat(signIn.status()).as(signIn.body()).isEqualTo(502);
            assertThat(signIn.json().path("error").path("reason").asText()).isEqualTo("GATEWAY_UNAVAILABLE");
            assertThat(signIn.json().path("error").path("description").asText()).matches(why);
            assertThat(signIn.json().path("attempts").asInt()).isEqualTo(3);
        }
    }

    private static ConfigurableApplicationContext adapterWith(Map<String, Object> gateway) {
        return OwnAdapter.start("tls-test", gateway);
    }
}
