package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An adapter that stops answers what it took and commits it, and closes every Kafka producer it opened (the
 * command-ids repository's among them): none is left sending to a broker the adapter no longer uses.
 */
class AdapterShutdownTest {

    @Test
    void stoppedAdapterLeavesNoKafkaProducerRunning() {
        Set<String> before = producerThreads();
        Set<String> own;
        try (ConfigurableApplicationContext adapter = OwnAdapter.start("shutdown-test", Map.of())) {
            // the command-ids repository opens its producer at start-up
            own = producerThreads().stream().filter(thread -> !before.contains(thread)).collect(Collectors.toSet());
            assertThat(own).isNotEmpty();
        }

        Awaitility.await("the adapter's producers closed").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(producerThreads()).doesNotContainAnyElementsOf(own));
    }

    /**
     * Commands waiting on their agent's lane behind one at the gateway when the adapter stops are answered and
     * committed before it is gone: the next owner of the partition does not read them again.
     */
    @Test
    void commandsQueuedBehindOneInFlightAreAnsweredAndCommittedBeforeTheAdapterStops() throws Exception {
        String name = "shutdown-lanes-test";
        String topic = OwnAdapter.createCommandTopic(name);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackInitializer.stack().bootstrapServers()))) {
            Agents agents = new Agents();
            KafkaTestClient kafka = agents.kafka();
            String agentId = Agents.newAgentId();
            List<String> commandIds = Stream.generate(Agents::newCommandId).limit(3).toList();
            RecordMetadata last = null;
            ConfigurableApplicationContext adapter = OwnAdapter.start(name, Map.of());
            try {
                HttpTestClient api = HttpTestClient.adapter(OwnAdapter.port(adapter));
                assertThat(api.put("/api/v1/agents/" + agentId + "/session",
                        Map.of("password", "pw", "phoneNumber", "70" + agentId)).status()).isEqualTo(200);
                agents.ring(agentId);
                agents.delayHangUps(agentId);
                for (String commandId : commandIds) {
                    String reject = KafkaTestClient.json(
                            Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));
                    last = kafka.send(new ProducerRecord<>(topic, agentId, reject.getBytes(StandardCharsets.UTF_8)));
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !agents.phoneHangUps(agentId).isEmpty());
            } finally {
                // while the first is at the gateway and the two others wait on the agent's lane
                adapter.close();
            }

            assertThat(commandIds).allSatisfy(commandId -> assertThat(kafka.awaitResult(commandId)).isNotNull());
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(name).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).isEqualTo(last.offset() + 1);
        }
    }

    private static Set<String> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("kafka-producer-network-thread")).collect(Collectors.toSet());
    }
}
