package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** ANSWER_CALL runs through the same core route as REJECT_CALL, and an unanswered call ends by itself. */
@AdapterIntegrationTest
class AnswerCallTest {

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void answersARingingCallThroughKafka() {
        String agentId = agents.signedInAgent();
        String callId = agents.ring(agentId);
        String commandId = Agents.newCommandId();

        kafka.sendCommand(Map.of("type", "ANSWER_CALL", "commandId", commandId, "agentId", agentId));

        JsonNode result = kafka.awaitResult(commandId);
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("type").asText()).isEqualTo("ANSWER_CALL");
        assertThat(kafka.awaitEvent(agentId, "AgentOther_PhoneOffhook").path("causationId").asText()).isEqualTo(commandId);
        assertThat(kafka.awaitEvent(agentId, "AgentEvent_Talking").path("content").asText()).isEqualTo(callId);
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("TALKING");
        assertThat(agents.emulator().get("/emulator/requests?agentId=" + agentId).body()).contains("/phonepickup");
    }

    @Test
    void answersThroughRestAndFailsWithoutARingingCall() {
        HttpTestClient api = HttpTestClient.adapter(port);
        String agentId = agents.signedInAgent();
        HttpTestClient.Response noCall = api.post("/api/v1/agents/" + agentId + "/answer-call", null);
        assertThat(noCall.status()).isEqualTo(409);
        assertThat(noCall.json().path("retcode").asText()).isEqualTo("100-007");

        agents.ring(agentId);
        HttpTestClient.Response answered = api.post("/api/v1/agents/" + agentId + "/answer-call", null);

        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().path("type").asText()).isEqualTo("ANSWER_CALL");
        kafka.awaitEvent(agentId, "AgentEvent_Talking");
    }

    @Test
    void callNobodyAnswersEndsAfterTheRingTimeout() {
        String agentId = agents.signedInAgent();
        String callId = agents.ring(agentId);

        JsonNode released = kafka.awaitEvent(agentId, "AgentOther_PhoneRelease");

        assertThat(released.path("content").path("phoneState").asInt()).isEqualTo(3);
        List<String> types = kafka.records(KafkaTestClient.EVENTS, e -> agentId.equals(e.path("agentId").asText()))
                .stream().map(e -> e.path("eventType").asText()).toList();
        assertThat(types).containsSubsequence("AgentOther_PhoneAlerting", "AgentEvent_No_Answer", "AgentOther_PhoneRelease");
        assertThat(kafka.awaitEvent(agentId, "AgentEvent_No_Answer").path("content").asText()).isEqualTo(callId);
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("IDLE");
    }
}
