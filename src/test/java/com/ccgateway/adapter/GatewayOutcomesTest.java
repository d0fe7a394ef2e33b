package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every way a reject can end, from real gateway preconditions and from the emulator's injected faults. */
@AdapterIntegrationTest
class GatewayOutcomesTest {

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();
    private final HttpTestClient emulator = agents.emulator();

    @Test
    void withoutASessionFailsWithoutCallingTheGateway() {
        String agentId = Agents.newAgentId();

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, "AGENT_NOT_SIGNED_IN", null, false);
        assertThat(result.path("attempts").asInt()).isZero();
        assertThat(emulator.get("/emulator/requests?agentId=" + agentId).json().path("requests")).isEmpty();
    }

    @Test
    void withoutARingingCallTheGatewayAnswers100007() {
        String agentId = agents.signedInAgent();

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, "GATEWAY_OPERATION_FAILED", "100-007", false);
        assertThat(result.path("retcode").asText()).isEqualTo("100-007");
        assertThat(result.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void withPhoneLinkageOffTheGatewayAnswers100007() {
        String agentId = Agents.newAgentId();
        String signIn = Agents.newCommandId();
        agents.kafka().sendCommand(Map.of("type", "SIGN_IN", "commandId", signIn, "agentId", agentId,
                "password", "secret", "phoneLinkage", false));
        assertThat(agents.kafka().awaitResult(signIn).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(agents.emulatorView(agentId).path("phoneLinkage").asBoolean()).isFalse();
        agents.ring(agentId);

        assertFailure(agents.rejectViaKafka(agentId, Agents.newCommandId()), "GATEWAY_OPERATION_FAILED", "100-007", false);
    }

    /** Business errors are HTTP 200 with a retcode: each maps to its reason, with the gateway's code and message. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "100-006, AGENT_NOT_SIGNED_IN, false, the agent has not signed in",
            "000-003, AUTH_EXPIRED, false, no right to invite resouce",
            "100-007, GATEWAY_OPERATION_FAILED, false, exception during the operation of the agent",
            "000-004, AGENT_SWITCHING_OVER, true, the agent is being switched over",
            "000-007, GATEWAY_THROTTLED, true, the interface is invoked repeatedly",
            "123-456, GATEWAY_ERROR, false, something only this gateway says"})
    void gatewayRetcodeFailsWithItsReason(String retcode, String reason, boolean retryable, String message) {
        String agentId = agents.signedInAgent();
        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "retcode", retcode, "message", message));

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, reason, retcode, retryable);
        assertThat(result.path("retcode").asText()).isEqualTo(retcode);
        assertThat(result.path("message").asText()).isEqualTo(message);
        assertThat(result.path("error").path("description").asText()).isEqualTo(message);
        // business errors are never retried; transient ones until cc.gateway.retry.max-attempts (3)
        assertThat(result.path("attempts").asInt()).isEqualTo(retryable ? 3 : 1);
    }

    @Test
    void httpErrorStatusIsGatewayUnavailable() {
        String agentId = agents.signedInAgent();
        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "httpStatus", 503));

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, "GATEWAY_UNAVAILABLE", "HTTP 503", true);
        assertThat(result.path("retcode").isNull()).isTrue();
    }

    /** A 4xx but 408 and 429 says the request itself is wrong: asking again the same way will not help. */
    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"404, GATEWAY_REFUSED, false, 1", "400, GATEWAY_REFUSED, false, 1", "429, GATEWAY_UNAVAILABLE, true, 3",
            "408, GATEWAY_UNAVAILABLE, true, 3"})
    void httpClientErrorIsRefusedUnlessItMayPass(int status, String reason, boolean retryable, int attempts) {
        String agentId = agents.signedInAgent();
        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "httpStatus", status));

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, reason, "HTTP " + status, retryable);
        assertThat(result.path("attempts").asInt()).isEqualTo(attempts);
        assertThat(agents.phoneHangUps(agentId)).hasSize(attempts);
    }

    @Test
    void answerSlowerThanTheResponseTimeoutIsGatewayUnavailable() {
        String agentId = agents.signedInAgent();
        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "delay", "PT4S", "retcode", "0"));

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertFailure(result, "GATEWAY_UNAVAILABLE", null, true);
        assertThat(result.path("error").path("description").asText()).containsIgnoringCase("timeout");
    }

    @Test
    void droppedConnectionIsGatewayUnavailable() {
        String agentId = agents.signedInAgent();
        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "drop", true));

        assertFailure(agents.rejectViaKafka(agentId, Agents.newCommandId()), "GATEWAY_UNAVAILABLE", null, true);
    }

    @Test
    void rejectPastItsExpiryEndsExpiredWithoutCallingTheGateway() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();

        agents.kafka().sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId,
                "expiresAt", Instant.now().minusSeconds(1).toString()));

        JsonNode result = agents.kafka().awaitResult(commandId);
        assertThat(result.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(result.path("error").path("reason").asText()).isEqualTo("EXPIRED");
        assertThat(result.path("attempts").asInt()).isZero();
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("RINGING");
    }

    @Test
    void restAnswersEachOutcomeWithItsStatus() {
        HttpTestClient api = HttpTestClient.adapter(port);
        HttpTestClient.Response notSignedIn = api.post("/api/v1/agents/" + Agents.newAgentId() + "/reject-call", null);
        assertThat(notSignedIn.status()).isEqualTo(409);
        assertThat(notSignedIn.json().path("error").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");

        String agentId = agents.signedInAgent();
        HttpTestClient.Response noCall = api.post("/api/v1/agents/" + agentId + "/reject-call", null);
        assertThat(noCall.status()).isEqualTo(409);
        assertThat(noCall.json().path("retcode").asText()).isEqualTo("100-007");

        fault(Map.of("interfaceName", "phonehangup", "agentId", agentId, "httpStatus", 500));
        HttpTestClient.Response unavailable = api.post("/api/v1/agents/" + agentId + "/reject-call", null);
        assertThat(unavailable.status()).isEqualTo(502);
        assertThat(unavailable.json().path("error").path("retryable").asBoolean()).isTrue();

        HttpTestClient.Response expired = api.post("/api/v1/agents/" + agentId + "/reject-call",
                Map.of("expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.json().path("status").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void signInWithTheSameAgentTwiceIsAlreadySignedIn() {
        String agentId = agents.signedInAgent();
        String commandId = Agents.newCommandId();

        agents.kafka().sendCommand(Map.of("type", "SIGN_IN", "commandId", commandId, "agentId", agentId,
                "password", "secret"));

        assertFailure(agents.kafka().awaitResult(commandId), "ALREADY_SIGNED_IN", "100-002", false);
        // the session the adapter holds is untouched
        agents.ring(agentId);
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    private void fault(Map<String, Object> fault) {
        HttpTestClient.Response added = emulator.post("/emulator/faults", new HashMap<>(fault));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
    }

    private static void assertFailure(JsonNode result, String reason, String code, boolean retryable) {
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
        JsonNode error = result.path("error");
        assertThat(error.path("reason").asText()).as(result.toString()).isEqualTo(reason);
        if (code == null) {
            assertThat(error.path("code").isNull()).as(result.toString()).isTrue();
        } else {
            assertThat(error.path("code").asText()).isEqualTo(code);
        }
        assertThat(error.path("retryable").asBoolean()).isEqualTo(retryable);
        assertThat(error.path("description").asText()).isNotBlank();
    }
}
