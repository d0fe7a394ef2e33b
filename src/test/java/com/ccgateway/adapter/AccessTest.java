package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.DispatcherType;

import com.ccgateway.LocalStack;

/**
 * Who may call what: API keys (hashed in configuration) and OAuth2 JWTs, each by scope; 401 without valid
 * credentials, 403 without the scope; health open for probes; the emulator's control API only with its key.
 */
@AdapterIntegrationTest
class AccessTest {

    private static final String REJECT = "/api/v1/agents/59997/reject-call";
    private static final String SESSION = "/api/v1/agents/59997/session";

    @LocalServerPort
    int port;

    @Autowired
    SecurityProperties security;

    static Stream<Arguments> callers() {
        String bearer = "Authorization";
        return Stream.of(
                Arguments.of("no credentials", new String[0], "POST", REJECT, 401),
                Arguments.of("unknown API key", new String[] {"X-API-Key", "guessed"}, "POST", REJECT, 401),
                Arguments.of("API key without the calls scope", new String[] {"X-API-Key", LocalStackInitializer.SESSIONS_ONLY_KEY}, "POST", REJECT, 403),
                Arguments.of("API key with the sessions scope", new String[] {"X-API-Key", LocalStackInitializer.SESSIONS_ONLY_KEY}, "GET", SESSION, 200),
                Arguments.of("API key with every scope", new String[] {"X-API-Key", LocalStack.DEV_API_KEY}, "POST", REJECT, 409),
                Arguments.of("JWT with the calls scope", new String[] {bearer, "Bearer " + TestTokens.token("calls", Instant.now().plusSeconds(300))}, "POST", REJECT, 409),
                Arguments.of("JWT without the calls scope", new String[] {bearer, "Bearer " + TestTokens.token("sessions", Instant.now().plusSeconds(300))}, "POST", REJECT, 403),
                Arguments.of("JWT with the sessions scope", new String[] {bearer, "Bearer " + TestTokens.token("calls sessions", Instant.now().plusSeconds(300))}, "GET", SESSION, 200),
                Arguments.of("expired JWT", new String[] {bearer, "Bearer " + TestTokens.token("calls", Instant.now().minusSeconds(300))}, "POST", REJECT, 401),
                Arguments.of("JWT of another issuer", new String[] {bearer, "Bearer " + TestTokens.strangersToken("calls")}, "POST", REJECT, 401),
                Arguments.of("health without credentials", new String[0], "GET", "/actuator/health", 200),
                Arguments.of("another actuator endpoint without credentials", new String[0], "GET", "/actuator/env", 401),
                Arguments.of("unknown path without credentials", new String[0], "GET", "/api/v1/agents", 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void callerGetsWhatItsCredentialsAllow(String name, String[] credentials, String method, String path, int status) {
        HttpTestClient api = HttpTestClient.adapter(port).as(credentials);

        HttpTestClient.Response response = api.send(HttpRequest.newBuilder(api.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status == 401 || status == 403) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("status").asInt()).isEqualTo(status);
        }
    }

    /** Camel answers a request on an async dispatch of it, already authorized: the chain runs once per request. */
    @Test
    void securityChainSkipsTheAsyncDispatch() {
        assertThat(security.getFilter().getDispatcherTypes())
                .contains(DispatcherType.REQUEST, DispatcherType.ERROR)
                .doesNotContain(DispatcherType.ASYNC);
    }

    @Test
    void emulatorControlApiNeedsItsKey() {
        HttpTestClient emulator = HttpTestClient.emulator();
        String path = "/emulator/agents/59997/incoming-call";

        HttpTestClient.Response anonymous = emulator.as().post(path, null);
        HttpTestClient.Response wrongKey = emulator.as("X-Emulator-Key", "guessed").post(path, null);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(wrongKey.status()).isEqualTo(403);
        assertThat(emulator.get("/emulator/requests").status()).isEqualTo(200);
    }
}
