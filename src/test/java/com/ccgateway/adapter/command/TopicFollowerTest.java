package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A follower goes on following after a failure: an instance that stopped would no longer learn the commandIds
 * the other instances take.
 */
class TopicFollowerTest {

    @Test
    void goesOnFollowingAfterAFailure() {
        String topic = TestTopics.holding();
        KafkaConfiguration kafka = new KafkaConfiguration();
        kafka.setBrokers(TestTopics.BROKERS);
        AtomicBoolean failed = new AtomicBoolean();
        List<String> taken = new CopyOnWriteArrayList<>();
        TopicFollower follower = new TopicFollower(kafka, topic, "topic-follower-test", Map.of(),
                new CommandIdempotency.Settings(Duration.ofHours(24), 100, Duration.ofSeconds(60)), Clock.systemUTC(),
                new TopicFollower.Reader() {
                    @Override
                    public void take(ConsumerRecords<String, byte[]> records) {
                        if (!records.isEmpty() && failed.compareAndSet(false, true)) {
                            throw new IllegalStateException("the first records fail");
                        }
                        records.forEach(record -> taken.add(record.key()));
                    }

                    @Override
                    public void readBack(long records) {
                    }
                });
        try {
            follower.awaitReadBack();
            TestTopics.send(topic, new ProducerRecord<>("", "first", "add"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(failed);

            TestTopics.send(topic, new ProducerRecord<>("", "second", "add"));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> taken.contains("second"));
        } finally {
            follower.close();
        }
    }
}
