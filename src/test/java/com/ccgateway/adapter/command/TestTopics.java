package com.ccgateway.adapter.command;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.ccgateway.adapter.LocalStackInitializer;

/** Topics of their own for the tests that read one back, on the tests' broker. */
final class TestTopics {

    static final String BROKERS = LocalStackInitializer.stack().bootstrapServers();

    private TestTopics() {
    }

    /** Camel's Kafka settings as the adapter's beans take them, for the tests' broker. */
    static KafkaConfiguration kafka() {
        KafkaConfiguration kafka = new KafkaConfiguration();
        kafka.setBrokers(BROKERS);
        return kafka;
    }

    /** A new topic of one partition. */
    static String create() {
        String topic = "test-topic-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return topic;
    }

    /** A new topic of one partition holding these records, in this order (their topic names are ignored). */
    @SafeVarargs
    static String holding(ProducerRecord<String, String>... records) {
        String topic = create();
        send(topic, records);
        return topic;
    }

    @SafeVarargs
    static void send(String topic, ProducerRecord<String, String>... records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS), new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(new ProducerRecord<>(topic, 0, record.timestamp(), record.key(), record.value())).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
