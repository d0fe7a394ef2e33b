package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only what can succeed later is retried (transport errors, timeouts, HTTP 5xx, 000-004, 000-007), with
 * backoff, at most cc.gateway.retry.max-attempts (3) calls, never past the command's deadline; the result
 * says how many calls were made.
 */
@AdapterIntegrationTest
class GatewayRetriesTest {

    private final Agents agents = new Agents();
    private final HttpTestClient emulator = agents.emulator();

    static List<Map<String, Object>> passingFaults() {
        return List.of(
                Map.of("httpStatus", 503, "times", 2),
                Map.of("httpStatus", 500, "times", 1),
                Map.of("retcode", "000-007", "times", 1),
                Map.of("retcode", "000-004", "times", 2),
                Map.of("drop", true, "times", 1),
                Map.of("delay", "PT3S", "times", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passingFaults")
    void transientFailureIsRetriedUntilTheRejectSucceeds(Map<String, Object> fault) {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        injectOnPhoneHangUp(agentId, fault);

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        int expectedAttempts = (int) fault.get("times") + 1;
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
        assertThat(result.path("attempts").asInt()).isEqualTo(expectedAttempts);
        assertThat(agents.phoneHangUps(agentId)).hasSize(expectedAttempts);
    }

    @Test
    void businessErrorIsNotRetried() {
        String agentId = agents.signedInAgent();

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertThat(result.path("error").path("reason").asText()).isEqualTo("GATEWAY_OPERATION_FAILED");
        assertThat(result.path("attempts").asInt()).isEqualTo(1);
        assertThat(agents.phoneHangUps(agentId)).hasSize(1);
    }

    @Test
    void persistentFailureStopsAfterTheLastAttempt() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        injectOnPhoneHangUp(agentId, Map.of("httpStatus", 503));

        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertThat(result.path("error").path("reason").asText()).isEqualTo("GATEWAY_UNAVAILABLE");
        assertThat(result.path("error").path("retryable").asBoolean()).isTrue();
        assertThat(result.path("attempts").asInt()).isEqualTo(3);
        assertThat(agents.phoneHangUps(agentId)).hasSize(3);
    }

    @Test
    void noRetryStartsPastTheCommandsDeadline() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        // a retry starts at most 230 ms (200 ms + 15 % jitter) after a 100 ms failure: the second call is made
        // with time to spare, a third (after up to 460 ms more) would start past the deadline
        injectOnPhoneHangUp(agentId, Map.of("httpStatus", 503, "delay", "PT0.1S"));
        Instant expiresAt = Instant.now().plusMillis(450);
        String commandId = Agents.newCommandId();

        agents.kafka().sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId,
                "expiresAt", expiresAt.toString()));

        JsonNode result = agents.kafka().awaitResult(commandId);
        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.path("attempts").asInt()).isBetween(1, 2);
        assertThat(agents.phoneHangUps(agentId)).hasSize(result.path("attempts").asInt())
                .allSatisfy(call -> assertThat(Instant.parse(call.path("at").asText())).isBefore(expiresAt));
    }

    private void injectOnPhoneHangUp(String agentId, Map<String, Object> fault) {
        Map<String, Object> scoped = new HashMap<>(fault);
        scoped.put("interfaceName", "phonehangup");
        scoped.put("agentId", agentId);
        assertThat(emulator.post("/emulator/faults", scoped).status()).isEqualTo(200);
    }
}
