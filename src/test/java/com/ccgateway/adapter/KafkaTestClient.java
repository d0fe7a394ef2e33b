package com.ccgateway.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;


/**
 * A plain Kafka client, as an integrator's system would use: it produces commands and keeps every
 * record that appears on the result, event and dead-letter topics, so tests can wait for theirs.
 */
public final class KafkaTestClient implements AutoCloseable {

    public static final String COMMANDS = "cc.agent.commands";
    public static final String RESULTS = "cc.agent.command-results";
    public static final String EVENTS = "cc.agent.events";
    public static final String DEAD_LETTERS = "cc.agent.commands.dlq";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaTestClient instance;

    private final KafkaProducer<String, byte[]> producer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** @param clients bootstrap servers and any security settings, for the producer and the reader alike */
    public KafkaTestClient(Map<String, Object> clients) {
        Map<String, Object> producerSettings = new HashMap<>(clients);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
        Thread reader = new Thread(() -> read(clients), "test-topic-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The client of the test stack's broker, shared by every test. */
    public static synchronized KafkaTestClient get() {
        if (instance == null) {
            instance = new KafkaTestClient(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackInitializer.stack().bootstrapServers()));
        }
        return instance;
    }

    private void read(Map<String, Object> clients) {
        Map<String, Object> consumerSettings = new HashMap<>(clients);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(RESULTS, EVENTS, DEAD_LETTERS).stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        }
    }

    public RecordMetadata send(String key, String value) {
        return send(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public RecordMetadata send(String key, byte[] value) {
        return send(new ProducerRecord<>(COMMANDS, key, value));
    }

    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a command as JSON, keyed by its agentId. */
    public RecordMetadata sendCommand(Map<String, Object> command) {
        return send((String) command.get("agentId"), json(command));
    }

    /** Waits for the result of the command and returns it; fails if more than one appears. */
    public JsonNode awaitResult(String commandId) {
        return awaitResults(commandId, 1).get(0);
    }

    /** Waits for exactly {@code count} results of the command, in the order they were published. */
    public List<JsonNode> awaitResults(String commandId, int count) {
        Predicate<JsonNode> ofCommand = r -> commandId.equals(r.path("commandId").asText());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records(RESULTS, ofCommand).size() >= count);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> records(RESULTS, ofCommand).size() == count);
        return records(RESULTS, ofCommand);
    }

    public JsonNode awaitEvent(String agentId, String eventType) {
        return awaitRecord(EVENTS, e -> agentId.equals(e.path("agentId").asText())
                && eventType.equals(e.path("eventType").asText()));
    }

    public JsonNode awaitRecord(String topic, Predicate<JsonNode> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> records(topic, matching), found -> !found.isEmpty())
                .get(0);
    }

    /** The records of a topic as JSON, in the order they were read (per partition, their offset order). */
    public List<JsonNode> records(String topic, Predicate<JsonNode> matching) {
        return rawRecords(topic).stream()
                .map(r -> parse(r.value()))
                .filter(node -> node != null && matching.test(node))
                .toList();
    }

    public List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
        return seen.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The dead-letter copy of a command record, found by its source partition and offset. */
    public ConsumerRecord<String, byte[]> awaitDeadLetter(RecordMetadata sent) {
        return Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> rawRecords(DEAD_LETTERS).stream()
                        .filter(r -> String.valueOf(sent.offset()).equals(header(r, "dlq.source.offset"))
                                && String.valueOf(sent.partition()).equals(header(r, "dlq.source.partition")))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }

    public static JsonNode parse(String value) {
        return parse(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed = true;
        producer.close();
    }
}
