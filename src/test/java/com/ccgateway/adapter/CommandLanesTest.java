package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lanes Kafka commands run on: at most {@code cc.kafka.concurrency} at once, an agent beyond them waiting for
 * one to finish (never run on the consumer thread), and lanes one after the other taking a thread already idle
 * rather than making one each.
 */
@AdapterIntegrationTest
class CommandLanesTest {

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void anAgentBeyondTheConcurrencyWaitsForALaneToFinish() throws Exception {
        String name = "lanes-test";
        String topic = OwnAdapter.createCommandTopic(name);
        String busy = Agents.newAgentId();
        String waiting = Agents.newAgentId();
        ConfigurableApplicationContext adapter = OwnAdapter.start(name, Map.of("cc.kafka.concurrency", 1));
        try {
            HttpTestClient api = HttpTestClient.adapter(OwnAdapter.port(adapter));
            for (String agentId : List.of(busy, waiting)) {
                assertThat(api.put("/api/v1/agents/" + agentId + "/session",
                        Map.of("password", "pw", "phoneNumber", "70" + agentId)).status()).isEqualTo(200);
                agents.ring(agentId);
            }
            agents.delayHangUps(busy);
            String busyCommand = Agents.newCommandId();
            String waitingCommand = Agents.newCommandId();
            sendReject(topic, busy, busyCommand);
            sendReject(topic, waiting, waitingCommand);

            assertThat(kafka.awaitResult(busyCommand).path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(kafka.awaitResult(waitingCommand).path("status").asText()).isEqualTo("SUCCEEDED");
            Instant busyAt = Instant.parse(agents.phoneHangUps(busy).get(0).path("at").asText());
            Instant waitingAt = Instant.parse(agents.phoneHangUps(waiting).get(0).path("at").asText());
            assertThat(waitingAt).as("the waiting agent's call, the one lane held 1.5 s by the busy agent's")
                    .isAfterOrEqualTo(busyAt.plus(Duration.ofMillis(1400)));
        } finally {
            adapter.close();
        }
    }

    @Test
    void lanesOneAfterTheOtherTakeAnIdleThread() {
        Set<Long> before = laneThreads();
        int commands = 10;
        for (int i = 0; i < commands; i++) {
            String commandId = Agents.newCommandId();
            // an agent not signed in: answered without a gateway call, on a lane of its own
            kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", Agents.newAgentId()));
            assertThat(kafka.awaitResult(commandId).path("status").asText()).isEqualTo("FAILED");
        }
        Set<Long> made = new HashSet<>(laneThreads());
        made.removeAll(before);
        assertThat(made).as("lane threads made for %d commands of different agents, one after the other", commands)
                .hasSizeLessThanOrEqualTo(2);
    }

    private void sendReject(String topic, String agentId, String commandId) {
        kafka.send(new ProducerRecord<>(topic, agentId, KafkaTestClient.json(Map.of("type", "REJECT_CALL",
                "commandId", commandId, "agentId", agentId)).getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<Long> laneThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("command-lanes"))
                .map(Thread::getId).collect(Collectors.toSet());
    }
}
