package com.ccgateway.emulator;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One emulator of its own, started with the given settings, and a client that trusts only its certificate. */
final class EmulatorClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTROL_KEY = "conformance-control-key";

    private final ConfigurableApplicationContext emulator;
    private final HttpClient client;
    private final String baseUrl;

    EmulatorClient(Path workDir, String... settings) throws Exception {
        Path trustStore = workDir.resolve("truststore.p12").toAbsolutePath();
        String[] args = new String[settings.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--emulator.tls.trust-store=" + trustStore;
        args[2] = "--emulator.control-key=" + CONTROL_KEY;
        System.arraycopy(settings, 0, args, 3, settings.length);
        emulator = EmulatorApplication.start(args);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trusted.load(in, "emulator".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(tls).build();
        baseUrl = "https://localhost:" + ((WebServerApplicationContext) emulator).getWebServer().getPort();
    }

    /** A gateway call: {@code path} below {@code /agentgateway/resource}, with the Guid when not null. */
    Answer gateway(String method, String path, String guid, Object body) {
        return gatewayAt(baseUrl, method, path, guid, null, body);
    }

    /** A gateway call to one node of a cluster ({@link #nodeUrl}) or the load balancer, with a cookie if given. */
    Answer gatewayAt(String url, String method, String path, String guid, String cookie, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/agentgateway/resource" + path))
                .header("Content-Type", "application/json; charset=UTF-8");
        if (guid != null) {
            request.header("Guid", guid);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.method(method, publisher(body)));
    }

    String loadBalancerUrl() {
        return baseUrl;
    }

    String nodeUrl(String node) {
        return "https://localhost:" + control("GET", "/nodes", null).body().path("nodes").path(node).asInt();
    }

    /** A control API call: {@code path} below {@code /emulator}. */
    Answer control(String method, String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/emulator" + path))
                .header("X-Emulator-Key", CONTROL_KEY)
                .header("Content-Type", "application/json").method(method, publisher(body)));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Set-GUID"),
                    response.headers().firstValue("Set-Cookie"), body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            return body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }

    record Answer(int status, Optional<String> setGuid, Optional<String> setCookie, JsonNode body) {

        String retcode() {
            return body.path("retcode").asText();
        }

        /** The Guid of a {@code Set-GUID: JSESSIONID=<guid>} header. */
        String guid() {
            return setGuid.map(value -> value.substring("JSESSIONID=".length())).orElseThrow();
        }

        String eventType() {
            return body.path("event").path("eventType").asText(null);
        }
    }
}
