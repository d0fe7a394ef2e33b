package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.json.JsonMapper;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.ccgateway.adapter.AdapterConfiguration.Topics;

/**
 * What is kept in memory stays within {@code cc.idempotency.max-entries}, the oldest dropped first; no more than
 * that is read back at start-up.
 */
class RecordedResultsTest {

    @Test
    void keepsTheLatestRequestsUpToMaxEntries() {
        Clock clock = Clock.systemUTC();
        RecordedResults recorded = new RecordedResults(new KafkaConfiguration(),
                new Topics("commands", "results", "events", "dead-letter", "command-ids"),
                new CommandIdempotency.Settings(Duration.ofHours(24), 2, Duration.ofSeconds(60)),
                JsonMapper.builder().findAndAddModules().build(), clock, new CommandResults(clock));
        List<CommandRequest> requests = IntStream.rangeClosed(1, 3)
                .mapToObj(offset -> new CommandRequest(new byte[0], "value", Map.of(), "101",
                        "commands-0-" + offset, clock.instant(), clock.instant()))
                .toList();

        requests.forEach(request -> recorded.record(succeeded(request.requestId()), request, new byte[0]));

        assertThat(requests).map(recorded::answered).containsExactly(false, true, true);
    }

    @Test
    void readsBackOnlyEachPartitionsNewestMaxEntries() throws Exception {
        String topic = TestTopics.create();
        JsonMapper json = JsonMapper.builder().findAndAddModules().build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestTopics.BROKERS), new StringSerializer(), new ByteArraySerializer())) {
            for (int result = 1; result <= 5; result++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "101",
                        json.writeValueAsBytes(succeeded("read-back-" + result)));
                record.headers().add(RecordedResults.REQUEST_HEADER, ("request-" + result).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        Clock clock = Clock.systemUTC();
        RecordedResults recorded = new RecordedResults(TestTopics.kafka(),
                new Topics("commands", topic, "events", "dead-letter", "command-ids"),
                new CommandIdempotency.Settings(Duration.ofHours(24), 2, Duration.ofSeconds(60)), json, clock,
                new CommandResults(clock));

        recorded.afterPropertiesSet();
        try {
            recorded.start();
            // five results in the window, two kept: the three older ones are not read at all
            assertThat(recorded.recordsReadBack()).isEqualTo(2);
        } finally {
            recorded.stop();
        }
    }

    private static CommandResult succeeded(String commandId) {
        Instant now = Instant.now();
        return new CommandResult(commandId, CommandType.REJECT_CALL, "101", CommandStatus.SUCCEEDED, "0", "success",
                null, null, 1, now, now, 0);
    }
}
