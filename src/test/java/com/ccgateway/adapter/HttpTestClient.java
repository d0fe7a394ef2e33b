package com.ccgateway.adapter;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import com.ccgateway.LocalStack;

/**
 * Real HTTP requests: to the adapter's REST API, and over HTTPS (trusting only the emulator's certificate)
 * to the emulator's control API.
 */
public final class HttpTestClient {

    private final HttpClient client;
    private final String baseUrl;
    private final String[] credentials;

    private HttpTestClient(HttpClient client, String baseUrl, String... credentials) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
    }

    /** The adapter's REST API with the local run's API key (every scope). */
    public static HttpTestClient adapter(int port) {
        return new HttpTestClient(HttpClient.newHttpClient(), "http://localhost:" + port,
                "X-API-Key", LocalStack.DEV_API_KEY);
    }

    /** The same server with other credentials: none, or a header (name, value). */
    public HttpTestClient as(String... credentials) {
        return new HttpTestClient(client, baseUrl, credentials);
    }

    public static HttpTestClient emulator() {
        return emulatorOf(LocalStackInitializer.stack());
    }

    /** The emulator of a stack of its own, trusting its certificate. */
    public static HttpTestClient emulatorOf(LocalStack stack) {
        try (InputStream in = Files.newInputStream(stack.trustStore())) {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(in, stack.trustStorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return new HttpTestClient(HttpClient.newBuilder().sslContext(tls).build(), stack.emulatorUrl(),
                    "X-Emulator-Key", LocalStack.EMULATOR_CONTROL_KEY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, Object body) {
        return send(json(HttpRequest.newBuilder(uri(path)), body, "POST"));
    }

    public Response put(String path, Object body) {
        return send(json(HttpRequest.newBuilder(uri(path)), body, "PUT"));
    }

    /** Any request, as built by the test: method, headers and raw body of its choosing. */
    public Response send(HttpRequest.Builder request) {
        if (credentials.length > 0) {
            request.setHeader(credentials[0], credentials[1]);
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response.headers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, Object body, String method) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : KafkaTestClient.json(body));
        return request.header("Content-Type", "application/json").method(method, publisher);
    }

    public record Response(int status, String contentType, String body, HttpHeaders headers) {

        public JsonNode json() {
            return KafkaTestClient.parse(body);
        }
    }

}
