package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

import com.ccgateway.LocalStack;

/** Steps every flow test takes with an agent of its own, so tests sharing the emulator never meet. */
public final class Agents {

    private static final AtomicInteger NEXT_AGENT = new AtomicInteger(1000);
    private static final AtomicInteger NEXT_CALL = new AtomicInteger();

    private final KafkaTestClient kafka;
    private final HttpTestClient emulator = HttpTestClient.emulator();

    /** Agents of the test stack's adapter. */
    public Agents() {
        this(KafkaTestClient.get());
    }

    /** Agents of an adapter that reads its commands through {@code kafka}, at the test stack's emulator. */
    public Agents(KafkaTestClient kafka) {
        this.kafka = kafka;
    }

    public static String newAgentId() {
        return String.valueOf(NEXT_AGENT.incrementAndGet());
    }

    public static String newCommandId() {
        return "test-" + UUID.randomUUID();
    }

    /** A new agentId whose commands share a partition of the test stack's command topic with {@code agentId}'s. */
    public static String newAgentIdOnPartitionOf(String agentId) {
        int partition = partition(agentId);
        String other = newAgentId();
        while (partition(other) != partition) {
            other = newAgentId();
        }
        return other;
    }

    /** The partition of the test stack's command topic the producer's default partitioner gives a key. */
    public static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % LocalStack.PARTITIONS;
    }

    /** Signs a new agent in through Kafka, phone linkage on, and waits until its events flow. */
    public String signedInAgent() {
        return signedInAgent(newAgentId());
    }

    /** Signs {@code agentId} in through Kafka, phone linkage on, and waits until its events flow. */
    public String signedInAgent(String agentId) {
        String commandId = newCommandId();
        kafka.sendCommand(Map.of("type", "SIGN_IN", "commandId", commandId, "agentId", agentId,
                "password", "secret-" + agentId, "phoneNumber", "70" + agentId));
        assertThat(kafka.awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        kafka.awaitEvent(agentId, "AgentOther_InService");
        return agentId;
    }

    /** Rings the agent's linked phone at the emulator and waits for the adapter to relay this ring's alert. */
    public String ring(String agentId) {
        String callId = "1456403745-" + NEXT_CALL.incrementAndGet();
        int alerts = alerts(agentId);
        HttpTestClient.Response rang = emulator.post("/emulator/agents/" + agentId + "/incoming-call",
                Map.of("callId", callId));
        assertThat(rang.status()).as(rang.body()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> alerts(agentId) > alerts);
        return callId;
    }

    /** The phone alerts relayed for the agent so far. */
    public int alerts(String agentId) {
        return kafka.records(KafkaTestClient.EVENTS, e -> agentId.equals(e.path("agentId").asText())
                && "AgentOther_PhoneAlerting".equals(e.path("eventType").asText())).size();
    }

    public JsonNode rejectViaKafka(String agentId, String commandId) {
        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));
        return kafka.awaitResult(commandId);
    }

    /** The emulator answers the agent's phonehangup requests 1.5 s late, until its faults are cleared. */
    public void delayHangUps(String agentId) {
        assertThat(emulator.post("/emulator/faults", Map.of("interfaceName", "phonehangup",
                "agentId", agentId, "delay", "PT1.5S")).status()).isEqualTo(200);
    }

    /** The phonehangup requests the emulator received for the agent, oldest first. */
    public List<JsonNode> phoneHangUps(String agentId) {
        return gatewayRequests(agentId, "phonehangup");
    }

    /** The requests to one interface ({@code agentevent}, {@code phonehangup}, ...) the emulator received for the agent, oldest first. */
    public List<JsonNode> gatewayRequests(String agentId, String interfaceName) {
        JsonNode requests = emulator.get("/emulator/requests?agentId=" + agentId).json().path("requests");
        return StreamSupport.stream(requests.spliterator(), false)
                .filter(r -> List.of(r.path("path").asText().split("/")).contains(interfaceName))
                .toList();
    }

    public JsonNode emulatorView(String agentId) {
        return emulator.get("/emulator/agents/" + agentId).json();
    }

    public HttpTestClient emulator() {
        return emulator;
    }

    public KafkaTestClient kafka() {
        return kafka;
    }
}
