package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/**
 * A follower goes on following after a failure, out of service meanwhile: an instance that stopped would no
 * longer learn the commandIds the other instances take.
 */
class TopicFollowerTest {

    @Test
    void goesOnFollowingAfterAFailure() {
        String topic = TestTopics.holding();
        AtomicBoolean failed = new AtomicBoolean();
        List<String> taken = new CopyOnWriteArrayList<>();
        TopicFollower follower = new TopicFollower(TestTopics.kafka(), topic, "topic-follower-test",
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
            // out of service while it fails (it tries again after a second)
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> follower.health().getStatus().equals(Status.OUT_OF_SERVICE));

            TestTopics.send(topic, new ProducerRecord<>("", "second", "add"));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> taken.contains("second"));
            assertThat(follower.health().getStatus()).isEqualTo(Status.UP);
            assertThat(failed).isTrue();
        } finally {
            follower.close();
        }
    }
}
