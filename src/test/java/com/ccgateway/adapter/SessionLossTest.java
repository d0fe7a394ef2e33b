package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the gateway ends an agent's session, the adapter says so on the event topic and signs the agent in
 * again with the credentials it keeps in memory; rejects then work again without a new SIGN_IN.
 */
@AdapterIntegrationTest
class SessionLossTest {

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @AfterEach
    void resetFaults() {
        agents.emulator().delete("/emulator/faults");
    }

    @Test
    void pollRefusedWith100006SignsTheAgentInAgain() {
        String agentId = agents.signedInAgent();

        assertThat(agents.emulator().post("/emulator/agents/" + agentId + "/sign-out", null).status()).isEqualTo(200);

        JsonNode lost = kafka.awaitEvent(agentId, "Adapter_SessionLost");
        assertThat(lost.path("content").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");
        assertThat(lost.path("content").path("retcode").asText()).isEqualTo("100-006");
        kafka.awaitEvent(agentId, "Adapter_SessionRestored");
        assertThat(agents.emulatorView(agentId).path("signedIn").asBoolean()).isTrue();
        agents.ring(agentId);
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void commandRefusedWith000003SignsTheAgentInAgainWithForcelogin() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup", "agentId", agentId,
                "retcode", "000-003", "times", 1));

        JsonNode failed = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertThat(failed.path("error").path("reason").asText()).isEqualTo("AUTH_EXPIRED");
        assertThat(kafka.awaitEvent(agentId, "Adapter_SessionLost").path("content").path("reason").asText())
                .isEqualTo("AUTH_EXPIRED");
        // the gateway still held the session (100-002): signing in again had to force it
        kafka.awaitEvent(agentId, "Adapter_SessionRestored");
        assertThat(agents.emulator().get("/emulator/requests?agentId=" + agentId).body()).contains("/forcelogin");
        agents.ring(agentId);
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void failedSignInAgainIsReportedAndTheAgentStaysSignedOut() {
        String agentId = agents.signedInAgent();
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "onlineagent", "agentId", agentId,
                "retcode", "100-004", "message", "wrong user name or password"));

        agents.emulator().post("/emulator/agents/" + agentId + "/sign-out", null);

        JsonNode failed = kafka.awaitEvent(agentId, "Adapter_SessionRestoreFailed");
        assertThat(failed.path("content").path("reason").asText()).isEqualTo("WRONG_CREDENTIALS");
        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());
        assertThat(result.path("error").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");
        assertThat(result.path("attempts").asInt()).isZero();
    }
}
