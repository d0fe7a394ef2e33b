package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.ccgateway.adapter.command.Command;

/**
 * How commands travel through Kafka: the offset is committed only once the result is on the result topic,
 * one agent's commands are answered in order while another agent's of the same partition go ahead, partitions
 * are given up only once the commands in flight are answered (another Kafka route's at once), and a record
 * whose processing fails is dead-lettered with a result while its partition moves on.
 */
@AdapterIntegrationTest
class DeliveryTest {

    /** An agent whose calls the advised route fails, as an unforeseen error would. */
    private static final String FAILING_AGENT = "59998";

    @Autowired
    CamelContext camel;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void offsetIsCommittedOnlyOnceTheResultIsPublished() throws Exception {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        agents.delayHangUps(agentId);
        String commandId = Agents.newCommandId();
        RecordMetadata sent = sendReject(agentId, commandId);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !agents.phoneHangUps(agentId).isEmpty());
        assertThat(committed(partition)).as("committed while the gateway call is in flight")
                .isLessThanOrEqualTo(sent.offset());

        assertThat(kafka.awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> committed(partition) == sent.offset() + 1);
    }

    @Test
    void commandTakenWhileAnotherAgentsRunsIsAnsweredWithoutWaitingButTheCommitWaits() throws Exception {
        String slow = agents.signedInAgent();
        String quick = agents.signedInAgent(Agents.newAgentIdOnPartitionOf(slow));
        agents.ring(slow);
        agents.ring(quick);
        agents.delayHangUps(slow);
        String slowId = Agents.newCommandId();
        String quickId = Agents.newCommandId();

        RecordMetadata slowSent = sendReject(slow, slowId);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !agents.phoneHangUps(slow).isEmpty());
        // a later poll, while the slow command's gateway call is in flight
        RecordMetadata quickSent = sendReject(quick, quickId);
        assertThat(quickSent.partition()).isEqualTo(slowSent.partition());
        TopicPartition partition = new TopicPartition(slowSent.topic(), slowSent.partition());

        assertThat(kafka.awaitResult(quickId).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(kafka.records(KafkaTestClient.RESULTS, r -> slowId.equals(r.path("commandId").asText())))
                .as("the slow command's result, when the quick one's arrived").isEmpty();
        assertThat(committed(partition)).as("committed offset while the slow command is in flight")
                .isLessThanOrEqualTo(slowSent.offset());

        assertThat(kafka.awaitResult(slowId).path("status").asText()).isEqualTo("SUCCEEDED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> committed(partition) == quickSent.offset() + 1);
    }

    @Test
    void partitionsAreGivenUpOnlyOnceTheCommandsInFlightAreAnsweredAndCommitted() throws Exception {
        HeldAgent agent = heldAgent();
        String commandId = Agents.newCommandId();
        RecordMetadata sent = sendReject(agent.agentId(), commandId);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        assertThat(agent.held().await(10, TimeUnit.SECONDS)).isTrue();
        // longer than the adapter's heartbeat interval (3 s): the rebalance reaches it while the command is held
        CompletableFuture.runAsync(agent.release()::countDown, CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS));

        // a second member of the adapter's group: its join makes the adapter give its partitions up
        AtomicLong committedAtHandOver = new AtomicLong(Long.MIN_VALUE);
        try (Consumer<String, byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackInitializer.stack().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cc-gateway-adapter",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(KafkaTestClient.COMMANDS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    OffsetAndMetadata offset = member.committed(Set.of(partition)).get(partition);
                    committedAtHandOver.compareAndSet(Long.MIN_VALUE, offset == null ? -1 : offset.offset());
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return committedAtHandOver.get() != Long.MIN_VALUE;
            });
        }

        assertThat(committedAtHandOver.get()).as("the command's partition, committed when the group took it over")
                .isEqualTo(sent.offset() + 1);
        assertThat(kafka.awaitResults(commandId, 1)).extracting(r -> r.path("status").asText())
                .containsExactly("SUCCEEDED");
    }

    /**
     * Another Kafka route (the routes can be replaced from a folder) gives its partitions up Camel's own way: it
     * neither waits for the commands in flight nor commits their offsets through its own consumer.
     */
    @Test
    void anotherKafkaRouteGivesItsPartitionsUpWithoutWaitingForTheCommandsInFlight() throws Exception {
        HeldAgent agent = heldAgent();
        String other = "cc.delivery-other-route";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackInitializer.stack().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(other, 1, (short) 1))).all().get();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kafka:" + other + "?groupId=" + other).routeId(other).log("${body}");
                }
            });
            Awaitility.await("the other route's partition assigned").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeConsumerGroups(List.of(other)).all().get().get(other).members().stream()
                            .anyMatch(member -> !member.assignment().topicPartitions().isEmpty()));
            String commandId = Agents.newCommandId();
            sendReject(agent.agentId(), commandId);
            assertThat(agent.held().await(10, TimeUnit.SECONDS)).isTrue();
            try {
                assertThat(CompletableFuture.runAsync(() -> stop(other))).as("the other route stopped, a command held")
                        .succeedsWithin(Duration.ofSeconds(8));
                assertThat(admin.listConsumerGroupOffsets(other).partitionsToOffsetAndMetadata().get().keySet())
                        .extracting(TopicPartition::topic).doesNotContain(KafkaTestClient.COMMANDS);
            } finally {
                agent.release().countDown();
            }
            camel.removeRoute(other);
            assertThat(kafka.awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void commandsAfterAFailedBrokerWriteAreReadAgainWithEachAgentsOrderAndOneResultPerCommand() throws Exception {
        String interrupted = agents.signedInAgent();
        String other = agents.signedInAgent(Agents.newAgentIdOnPartitionOf(interrupted));
        AtomicBoolean brokerFailed = new AtomicBoolean();
        AdviceWith.adviceWith(camel, "call-control", route -> route.weaveById("call-control-preconditions").before()
                .filter(exchange -> interrupted.equals(exchange.getProperty("command", Command.class).agentId())
                        && brokerFailed.compareAndSet(false, true))
                .throwException(new KafkaException("broker away")));
        String first = Agents.newCommandId();
        String second = Agents.newCommandId();
        String others = Agents.newCommandId();

        // one poll: the interrupted agent's two commands and another agent's
        inOnePoll(() -> List.of(sendReject(interrupted, first),
                kafka.sendCommand(Map.of("type", "ANSWER_CALL", "commandId", second, "agentId", interrupted)),
                kafka.sendCommand(Map.of("type", "SIGN_OUT", "commandId", others, "agentId", other))));

        kafka.awaitResult(second);
        assertThat(brokerFailed).isTrue();
        List<JsonNode> answered = kafka.records(KafkaTestClient.RESULTS, r -> List.of(first, second, others)
                .contains(r.path("commandId").asText()));
        assertThat(answered).extracting(r -> r.path("commandId").asText())
                .containsOnlyOnce(first, second, others)
                .filteredOn(id -> !id.equals(others)).containsExactly(first, second);
        // its commandId was taken before the failure: whether the gateway acted is not known, so it is not sent again
        assertThat(answered.stream().filter(r -> first.equals(r.path("commandId").asText())).findFirst().orElseThrow()
                .path("error").path("reason").asText()).isEqualTo("OUTCOME_UNKNOWN");
    }

    @Test
    void commandWithoutACommandIdIsAnsweredUnderItsRecordsIdentity() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);

        RecordMetadata sent = kafka.send(agentId, KafkaTestClient.json(Map.of("type", "REJECT_CALL", "agentId", agentId)));

        JsonNode result = kafka.awaitResult(sent.topic() + "-" + sent.partition() + "-" + sent.offset());
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void oneAgentsCommandsAreAnsweredInOrder() {
        String agentId = agents.signedInAgent();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String commandId = Agents.newCommandId();
            sent.add(commandId);
            kafka.sendCommand(Map.of("type", i % 2 == 0 ? "REJECT_CALL" : "ANSWER_CALL", "commandId", commandId,
                    "agentId", agentId));
        }

        kafka.awaitResult(sent.get(sent.size() - 1));

        List<String> answered = kafka.records(KafkaTestClient.RESULTS, r -> sent.contains(r.path("commandId").asText()))
                .stream().map(r -> r.path("commandId").asText()).toList();
        assertThat(answered).containsExactlyElementsOf(sent);
    }

    @Test
    void recordThatFailsInProcessingIsDeadLetteredAndThePartitionMovesOn() throws Exception {
        AdviceWith.adviceWith(camel, "call-control", route -> route.weaveById("call-control-preconditions").before()
                .filter(route.simple("${exchangeProperty.agentId} == '" + FAILING_AGENT + "'"))
                .throwException(new IllegalStateException("unforeseen")));
        String commandId = Agents.newCommandId();
        String value = KafkaTestClient.json(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", FAILING_AGENT));
        RecordMetadata sent = kafka.send(FAILING_AGENT, value);

        JsonNode result = kafka.awaitResult(commandId);

        assertThat(result.path("status").asText()).isEqualTo("REJECTED");
        assertThat(result.path("agentId").asText()).isEqualTo(FAILING_AGENT);
        assertThat(result.path("error").path("reason").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(result.path("error").path("description").asText()).doesNotContain("unforeseen");
        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter(sent);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(KafkaTestClient.header(dead, "dlq.exception")).isEqualTo(IllegalStateException.class.getName());
        assertThat(KafkaTestClient.header(dead, "dlq.reason")).startsWith("PROCESSING_FAILED");

        // the same partition goes on: the next command of the agent is taken and answered
        String nextId = Agents.newCommandId();
        kafka.sendCommand(Map.of("type", "SIGN_OUT", "commandId", nextId, "agentId", FAILING_AGENT));
        assertThat(kafka.awaitResult(nextId).path("error").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");
    }

    /** A signed-in, rung agent: its commands count {@code held} down before the gateway call, then wait for release. */
    private record HeldAgent(String agentId, CountDownLatch held, CountDownLatch release) {
    }

    private HeldAgent heldAgent() throws Exception {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AdviceWith.adviceWith(camel, "call-control", route -> route.weaveById("call-control-preconditions").before()
                .filter(exchange -> agentId.equals(exchange.getProperty("command", Command.class).agentId()))
                .process(exchange -> {
                    held.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }));
        return new HeldAgent(agentId, held, release);
    }

    private RecordMetadata sendReject(String agentId, String commandId) {
        return kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));
    }

    /** Records sent while the consumer is stopped: one poll takes them all. */
    private List<RecordMetadata> inOnePoll(Supplier<List<RecordMetadata>> sends) throws Exception {
        camel.getRouteController().stopRoute("kafka-entry");
        List<RecordMetadata> sent = sends.get();
        camel.getRouteController().startRoute("kafka-entry");
        return sent;
    }

    private void stop(String routeId) {
        try {
            camel.getRouteController().stopRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackInitializer.stack().bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("cc-gateway-adapter")
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }
}
