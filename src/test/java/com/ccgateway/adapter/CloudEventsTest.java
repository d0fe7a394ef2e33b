package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Results and events are CloudEvents in Kafka binary mode (ce_* headers, the JSON as data), so consumers
 * that speak CloudEvents need no glue; commands may arrive as CloudEvents too.
 */
@AdapterIntegrationTest
class CloudEventsTest {

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void resultNamesItsRequestAsACloudEvent() {
        String agentId = Agents.newAgentId();
        String commandId = Agents.newCommandId();
        RecordMetadata sent = kafka.send(agentId, KafkaTestClient.json(
                Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId)));

        JsonNode result = kafka.awaitResult(commandId);

        ConsumerRecord<String, byte[]> record = kafka.rawRecords(KafkaTestClient.RESULTS).stream()
                .filter(r -> commandId.equals(KafkaTestClient.parse(r.value()).path("commandId").asText()))
                .findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(sent.topic() + "-" + sent.partition() + "-" + sent.offset());
        assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/cc-gateway-adapter");
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("com.ccgateway.command.result");
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(agentId);
        assertThat(KafkaTestClient.header(record, "ce_time")).isEqualTo(result.path("completedAt").asText());
        assertThat(record.headers()).extracting(h -> h.key()).allMatch(key -> key.startsWith("ce_"));
    }


    @Test
    void eventIsACloudEventAboutItsAgent() {
        String agentId = agents.signedInAgent();

        JsonNode event = kafka.awaitEvent(agentId, "AgentOther_InService");

        ConsumerRecord<String, byte[]> record = kafka.rawRecords(KafkaTestClient.EVENTS).stream()
                .filter(r -> event.equals(KafkaTestClient.parse(r.value())))
                .findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "ce_id")).isNotBlank();
        assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/cc-gateway-adapter");
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("com.ccgateway.agent.event");
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(agentId);
        assertThat(KafkaTestClient.header(record, "ce_time")).isEqualTo(event.path("receivedAt").asText());
    }

    @Test
    void commandArrivingAsACloudEventIsTaken() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();
        ProducerRecord<String, byte[]> command = new ProducerRecord<>(KafkaTestClient.COMMANDS, agentId, KafkaTestClient.json(
                Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId)).getBytes(StandardCharsets.UTF_8));
        Map.of("ce_specversion", "1.0", "ce_id", "crm-event-1", "ce_source", "/crm", "ce_type", "com.crm.reject",
                "content-type", "application/json").forEach((name, value) ->
                command.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        RecordMetadata sent = kafka.send(command);

        JsonNode result = kafka.awaitResult(commandId);

        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        ConsumerRecord<String, byte[]> record = kafka.rawRecords(KafkaTestClient.RESULTS).stream()
                .filter(r -> commandId.equals(KafkaTestClient.parse(r.value()).path("commandId").asText()))
                .findFirst().orElseThrow();
        // the result is the adapter's own event: none of the command's attributes carries over
        assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(sent.topic() + "-" + sent.partition() + "-" + sent.offset());
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/cc-gateway-adapter");
        assertThat(record.headers().lastHeader("content-type")).isNull();
    }
}
