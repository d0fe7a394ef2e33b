package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.ccgateway.adapter.command.Command;
import com.ccgateway.adapter.command.CommandIds;
import com.ccgateway.adapter.command.RecordedResults;

/**
 * A command reaches the gateway at most once: a repeated commandId or Idempotency-Key gets its recorded
 * result (another instance's too), a commandId another instance took is not sent again, and records
 * redelivered after a restart (their offsets rewound) are committed without a second result or call.
 */
@AdapterIntegrationTest
class IdempotencyTest {

    private static final String COMMAND_IDS = "cc.agent.command-ids";

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    CommandIds commandIds;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void repeatedCommandIdGetsItsRecordedResultWithoutASecondCall() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();
        JsonNode first = agents.rejectViaKafka(agentId, commandId);

        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));

        List<JsonNode> results = kafka.awaitResults(commandId, 2);
        assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(results.get(1)).isEqualTo(first);
        assertThat(agents.phoneHangUps(agentId)).hasSize(1);
    }

    @Test
    void sameCommandIdForAnotherAgentIsAnotherCommand() {
        String agentId = agents.signedInAgent();
        String otherAgentId = agents.signedInAgent();
        agents.ring(agentId);
        agents.ring(otherAgentId);
        String commandId = Agents.newCommandId();
        assertThat(agents.rejectViaKafka(agentId, commandId).path("status").asText()).isEqualTo("SUCCEEDED");

        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", otherAgentId));

        JsonNode other = kafka.awaitResults(commandId, 2).get(1);
        assertThat(other.path("agentId").asText()).isEqualTo(otherAgentId);
        assertThat(other.path("status").asText()).as(other.toString()).isEqualTo("SUCCEEDED");
        assertThat(agents.phoneHangUps(otherAgentId)).hasSize(1);
    }

    @Test
    void repeatedIdempotencyKeyGetsTheRecordedAnswer() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String key = Agents.newCommandId();

        HttpTestClient.Response first = rejectViaRest(agentId, key);
        HttpTestClient.Response again = rejectViaRest(agentId, key);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(agents.phoneHangUps(agentId)).hasSize(1);
        assertThat(kafka.awaitResults(key, 2)).allSatisfy(result -> assertThat(result).isEqualTo(first.json()));
    }

    @Test
    void commandIdTakenWithoutARecordedResultIsNotSentAgain() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();
        // as an instance that stopped during the gateway call leaves it: the commandId taken, no result
        takenByAnotherInstance(agentId, commandId);

        JsonNode result = agents.rejectViaKafka(agentId, commandId);

        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.path("error").path("reason").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(result.path("attempts").asInt()).isZero();
        assertThat(agents.phoneHangUps(agentId)).isEmpty();
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("RINGING");
    }

    @Test
    void resultAnotherInstanceRecordedAnswersTheRepeatedCommand() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();
        // as another instance leaves it: the commandId taken, then its result, naming a request of its own
        takenByAnotherInstance(agentId, commandId);
        ProducerRecord<String, byte[]> recorded = new ProducerRecord<>(KafkaTestClient.RESULTS, agentId,
                KafkaTestClient.json(Map.of("commandId", commandId, "type", "REJECT_CALL", "agentId", agentId,
                        "status", "SUCCEEDED", "retcode", "0", "message", "success", "attempts", 1,
                        "receivedAt", "2026-12-01T08:00:00Z", "completedAt", "2026-12-01T08:00:00.040Z",
                        "durationMs", 40)).getBytes(StandardCharsets.UTF_8));
        recorded.headers().add(RecordedResults.REQUEST_HEADER,
                "a-request-of-another-instance".getBytes(StandardCharsets.UTF_8));
        kafka.send(recorded);

        // at once: the result is answered from what another instance recorded a moment ago
        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));

        JsonNode answer = kafka.awaitResults(commandId, 2).get(1);
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("SUCCEEDED");
        assertThat(answer.path("completedAt").asText()).isEqualTo("2026-12-01T08:00:00.040Z");
        assertThat(answer.path("durationMs").asLong()).isEqualTo(40);
        assertThat(agents.phoneHangUps(agentId)).isEmpty();
    }

    @Test
    void recordsRedeliveredAfterARestartGetNoSecondResultOrCall() throws Exception {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String rejectId = Agents.newCommandId();
        RecordMetadata reject = kafka.send(agentId, KafkaTestClient.json(
                Map.of("type", "REJECT_CALL", "commandId", rejectId, "agentId", agentId)));
        kafka.awaitResult(rejectId);
        RecordMetadata notJson = kafka.send(agentId, "not json");
        kafka.awaitResult(notJson.topic() + "-" + notJson.partition() + "-" + notJson.offset());

        // as after a crash between publishing and committing: the partition is read again from the reject on
        camel.getRouteController().stopRoute("kafka-entry");
        TopicPartition partition = new TopicPartition(reject.topic(), reject.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackInitializer.stack().bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("cc-gateway-adapter",
                    Map.of(partition, new OffsetAndMetadata(reject.offset()))).all().get();
        }
        camel.getRouteController().startRoute("kafka-entry");
        String afterId = Agents.newCommandId();
        agents.rejectViaKafka(agentId, afterId);

        assertThat(kafka.records(KafkaTestClient.RESULTS, r -> rejectId.equals(r.path("commandId").asText()))).hasSize(1);
        assertThat(kafka.rawRecords(KafkaTestClient.DEAD_LETTERS).stream()
                .filter(r -> "not json".equals(new String(r.value(), StandardCharsets.UTF_8)))
                .filter(r -> String.valueOf(notJson.offset()).equals(KafkaTestClient.header(r, "dlq.source.offset"))))
                .hasSize(1);
        assertThat(agents.phoneHangUps(agentId)).hasSize(2);
    }

    private void takenByAnotherInstance(String agentId, String commandId) {
        String key = Command.idempotencyKey(agentId, commandId);
        kafka.send(new ProducerRecord<>(COMMAND_IDS, key, "add".getBytes(StandardCharsets.UTF_8)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> commandIds.contains(key));
    }

    private HttpTestClient.Response rejectViaRest(String agentId, String idempotencyKey) {
        HttpTestClient api = HttpTestClient.adapter(port);
        return api.send(HttpRequest.newBuilder(api.uri("/api/v1/agents/" + agentId + "/reject-call"))
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
