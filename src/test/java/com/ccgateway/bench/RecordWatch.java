package com.ccgateway.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic on a thread of its own and hands each record, as it arrives, to a callback. */
final class RecordWatch implements AutoCloseable {

    /** Where the watch starts reading. */
    enum From {
        /** The topic's first record: for a topic the measured run writes from its start. */
        BEGINNING,
        /**
         * The topic's end when the watch is made (the constructor returns once it is resolved): for a topic with a
         * history, which reading back would put on the machine while the watch measures.
         */
        NOW
    }

    private final Thread reader;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean open = true;
    private volatile RuntimeException failure;

    RecordWatch(String bootstrapServers, String topic, From from, Consumer<ConsumerRecord<String, String>> onRecord)
            throws InterruptedException {
        reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                if (from == From.BEGINNING) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position); // the seek is lazy: resolved here, before a record is due
                }
                positioned.countDown();
                while (open) {
                    consumer.poll(Duration.ofMillis(20)).forEach(onRecord);
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                positioned.countDown();
            }
        }, "watch-" + topic);
        reader.setDaemon(true);
        reader.start();
        positioned.await();
        if (failure != null) {
            throw new IllegalStateException("the watch on " + topic + " failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join();
    }
}
