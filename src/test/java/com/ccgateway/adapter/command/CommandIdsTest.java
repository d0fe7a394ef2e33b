package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.ccgateway.adapter.AdapterConfiguration.Topics;

/**
 * The command-ids topic as the adapter reads and writes it: what start-up reads back is bounded by the window
 * and by {@code cc.idempotency.max-entries}, and a commandId whose write the broker refuses is not kept as taken.
 */
class CommandIdsTest {

    @Test
    void commandIdTheBrokerRefusedIsNotTaken() {
        KafkaConfiguration kafka = TestTopics.kafka();
        // every record is too large for it: the producer refuses each write, as a broker away would in the end
        kafka.setMaxRequestSize(1);
        String commandId = "refused-" + UUID.randomUUID();

        whileStarted(commandIds(kafka, TestTopics.holding(), 100), commandIds -> {
            // the command was never sent: read again, it must be sent then, not answered OUTCOME_UNKNOWN
            // with Kafka as the cause: the command is read again, not dead-lettered
            assertThatThrownBy(() -> commandIds.add(commandId)).isInstanceOf(RuntimeCamelException.class)
                    .hasCauseInstanceOf(KafkaException.class);
            assertThat(commandIds.contains(commandId)).isFalse();
        });
    }

    @Test
    void readsBackOnlyTheWindowAndEachPartitionsNewestMaxEntries() {
        String topic = TestTopics.holding(beforeTheWindow("101/before-the-window"), add("101/1"), add("101/2"),
                add("101/3"), add("101/4"), add("101/5"), new ProducerRecord<>("", "101/5", "remove"));

        whileStarted(commandIds(TestTopics.kafka(), topic, 3), commandIds -> {
            // seven records in the topic, six in the window, three kept: only the newest three are read
            assertThat(commandIds.recordsReadBack()).isEqualTo(3);
            assertThat(List.of("101/3", "101/4", "101/5")).map(commandIds::contains).containsExactly(false, true, false);
            assertThat(commandIds.add("101/5")).isTrue();
            assertThat(commandIds.add("101/4")).isFalse();
        });
    }

    @Test
    void readsBackNothingOlderThanTheWindow() {
        String topic = TestTopics.holding(beforeTheWindow("101/before-the-window"), add("101/in-the-window"));

        whileStarted(commandIds(TestTopics.kafka(), topic, 100), commandIds -> {
            assertThat(commandIds.recordsReadBack()).isEqualTo(1);
            assertThat(commandIds.contains("101/before-the-window")).isFalse();
            assertThat(commandIds.contains("101/in-the-window")).isTrue();
        });
    }

    @Test
    void leavesNoThreadAfterARestartOrADestroyBeforeAnyStart() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        String topic = TestTopics.holding();
        CommandIds commandIds = commandIds(TestTopics.kafka(), topic, 100);
        // as Spring makes it: the reading begins with the bean, the route's start waits for it
        commandIds.afterPropertiesSet();
        commandIds.start();
        assertThat(commandIds.add("101/1")).isTrue();
        commandIds.stop();
        // a route started again reads the topic back again, its own add included
        commandIds.start();
        assertThat(commandIds.recordsReadBack()).isEqualTo(1);
        assertThat(commandIds.add("101/1")).isFalse();
        commandIds.destroy();
        // the context failed before the route started
        CommandIds neverStarted = commandIds(TestTopics.kafka(), topic, 100);
        neverStarted.afterPropertiesSet();
        neverStarted.destroy();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
                        .filter(Thread::isAlive).map(Thread::getName).filter(name -> name.contains("cc-gateway-command-ids")))
                .isEmpty());
    }

    private static ProducerRecord<String, String> add(String key) {
        return new ProducerRecord<>("", key, "add");
    }

    /** An add written a day and an hour ago. */
    private static ProducerRecord<String, String> beforeTheWindow(String key) {
        return new ProducerRecord<>("", 0, Clock.systemUTC().millis() - Duration.ofHours(25).toMillis(), key, "add");
    }

    private static void whileStarted(CommandIds commandIds, Consumer<CommandIds> checks) {
        commandIds.start();
        try {
            checks.accept(commandIds);
        } finally {
            commandIds.stop();
        }
    }

    /** The repository as the adapter makes it. */
    private static CommandIds commandIds(KafkaConfiguration kafka, String topic, int maxEntries) {
        return new CommandIdempotency().commandIds(kafka,
                new Topics("commands", "results", "events", "dead-letter", topic),
                new CommandIdempotency.Settings(Duration.ofHours(24), maxEntries, Duration.ofSeconds(60)),
                Clock.systemUTC());
    }
}
