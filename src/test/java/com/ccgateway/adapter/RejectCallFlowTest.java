package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole flow, through Kafka and through REST: sign in, ring, reject, result and both triggered events. */
@AdapterIntegrationTest
class RejectCallFlowTest {

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void restRequestsAreServedSideBySide() {
        // more than Spring Boot's default of 8 task threads, on which platform-http runs requests
        List<String> agentIds = IntStream.range(0, 12).mapToObj(i -> agents.signedInAgent()).toList();
        agentIds.forEach(agents::ring);
        assertThat(agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup",
                "delay", "PT1.5S")).status()).isEqualTo(200);
        HttpTestClient api = HttpTestClient.adapter(port);
        ExecutorService clients = Executors.newFixedThreadPool(agentIds.size());
        try {
            List<CompletableFuture<HttpTestClient.Response>> answers = agentIds.stream()
                    .map(agentId -> CompletableFuture.supplyAsync(
                            () -> api.post("/api/v1/agents/" + agentId + "/reject-call", Map.of()), clients))
                    .toList();

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> agentIds.stream().noneMatch(agentId -> agents.phoneHangUps(agentId).isEmpty()));
            assertThat(answers).as("answered before every request reached the gateway").noneMatch(CompletableFuture::isDone);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.join().status()).isEqualTo(200));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void rejectsARingingCallThroughKafka() {
        String agentId = agents.signedInAgent();
        String callId = agents.ring(agentId);
        String commandId = Agents.newCommandId();

        JsonNode result = agents.rejectViaKafka(agentId, commandId);

        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("type").asText()).isEqualTo("REJECT_CALL");
        assertThat(result.path("agentId").asText()).isEqualTo(agentId);
        assertThat(result.path("retcode").asText()).isEqualTo("0");
        assertThat(result.path("message").asText()).isEqualTo("success");
        assertThat(result.path("attempts").asInt()).isEqualTo(1);
        assertThat(result.path("error").isNull()).isTrue();
        assertThat(result.path("receivedAt").asText()).isNotEmpty();
        assertThat(result.path("completedAt").asText()).isNotEmpty();
        assertThat(result.has("durationMs")).isTrue();
        assertTriggeredEvents(agentId, commandId, callId);
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("IDLE");
    }

    @Test
    void rejectsARingingCallThroughRest() {
        HttpTestClient api = HttpTestClient.adapter(port);
        String agentId = Agents.newAgentId();
        HttpTestClient.Response signedIn = api.put("/api/v1/agents/" + agentId + "/session",
                Map.of("password", "secret", "phoneNumber", "70" + agentId));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(signedIn.json().path("status").asText()).isEqualTo("SUCCEEDED");
        kafka.awaitEvent(agentId, "AgentOther_InService");
        String callId = agents.ring(agentId);
        String commandId = Agents.newCommandId();

        HttpTestClient.Response rejected = api.send(java.net.http.HttpRequest.newBuilder(
                        api.uri("/api/v1/agents/" + agentId + "/reject-call"))
                .header("Idempotency-Key", commandId)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.contentType()).startsWith("application/json");
        JsonNode answer = rejected.json();
        assertThat(answer.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(answer.path("commandId").asText()).isEqualTo(commandId);
        // the result topic gets the same result
        JsonNode published = kafka.awaitResult(commandId);
        assertThat(published).isEqualTo(answer);
        assertTriggeredEvents(agentId, commandId, callId);
    }

    @Test
    void restSessionShowsItsStateAndSignsOut() {
        HttpTestClient api = HttpTestClient.adapter(port);
        String agentId = agents.signedInAgent();

        HttpTestClient.Response state = api.get("/api/v1/agents/" + agentId + "/session");
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().path("state").asText()).isEqualTo("SIGNED_IN");
        assertThat(state.json().path("gatewayNode").asText()).isEqualTo(agents.emulatorView(agentId).path("node").asText());
        assertThat(state.body()).doesNotContainIgnoringCase("guid\"").doesNotContain("JSESSIONID");

        HttpTestClient.Response signedOut = api.delete("/api/v1/agents/" + agentId + "/session");
        assertThat(signedOut.status()).as(signedOut.body()).isEqualTo(200);
        assertThat(signedOut.json().path("type").asText()).isEqualTo("SIGN_OUT");
        assertThat(signedOut.json().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/v1/agents/" + agentId + "/session").json().path("state").asText())
                .isEqualTo("SIGNED_OUT");
        assertThat(agents.emulatorView(agentId).path("signedIn").asBoolean()).isFalse();
    }

    @Test
    void signsOutThroughKafka() {
        String agentId = agents.signedInAgent();
        String commandId = Agents.newCommandId();

        kafka.sendCommand(Map.of("type", "SIGN_OUT", "commandId", commandId, "agentId", agentId));

        assertThat(kafka.awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(agents.emulatorView(agentId).path("signedIn").asBoolean()).isFalse();
    }

    /** AgentOther_PhoneRelease, then AgentEvent_No_Answer with the call ID, both naming the reject. */
    private void assertTriggeredEvents(String agentId, String commandId, String callId) {
        kafka.awaitEvent(agentId, "AgentEvent_No_Answer");
        List<JsonNode> events = kafka.records(KafkaTestClient.EVENTS, e -> agentId.equals(e.path("agentId").asText()));
        List<String> types = events.stream().map(e -> e.path("eventType").asText()).toList();
        assertThat(types).containsSubsequence("AgentOther_PhoneAlerting", "AgentOther_PhoneRelease", "AgentEvent_No_Answer");
        JsonNode release = kafka.awaitEvent(agentId, "AgentOther_PhoneRelease");
        assertThat(release.path("content").path("phoneState").asInt()).isEqualTo(2);
        assertThat(release.path("causationId").asText()).isEqualTo(commandId);
        assertThat(release.path("gatewayNode").asText()).isEqualTo(agents.emulatorView(agentId).path("node").asText());
        assertThat(release.path("eventGenTime").asText()).isNotEmpty();
        assertThat(release.path("receivedAt").asText()).isNotEmpty();
        JsonNode noAnswer = kafka.awaitEvent(agentId, "AgentEvent_No_Answer");
        assertThat(noAnswer.path("content").asText()).isEqualTo(callId);
        assertThat(noAnswer.path("causationId").asText()).isEqualTo(commandId);
        assertThat(kafka.awaitEvent(agentId, "AgentOther_PhoneAlerting").path("causationId").isNull()).isTrue();
    }
}
