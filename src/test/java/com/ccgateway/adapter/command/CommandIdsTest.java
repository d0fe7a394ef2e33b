package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.UUID;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.ccgateway.adapter.LocalStackInitializer;

/**
 * A commandId whose write to the command-ids topic the broker refuses is not kept as taken: the command was
 * never sent, and read again it must be sent then, not answered {@code OUTCOME_UNKNOWN}.
 */
class CommandIdsTest {

    @Test
    void commandIdTheBrokerRefusedIsNotTaken() throws Exception {
        String brokers = LocalStackInitializer.stack().bootstrapServers();
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // every record is too large for it: the producer refuses each write, as a broker away would in the end
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1");
        String commandId = "refused-" + UUID.randomUUID();

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            CommandIdempotency.ClosingKafkaIdempotentRepository commandIds = new CommandIdempotency
                    .ClosingKafkaIdempotentRepository("cc.agent.command-ids", consumer, producer, 100, 100);
            commandIds.setCamelContext(camel);
            commandIds.start();
            try {
                assertThatThrownBy(() -> commandIds.add(commandId)).isInstanceOf(RuntimeCamelException.class);
                assertThat(commandIds.contains(commandId)).isFalse();
            } finally {
                commandIds.stop();
            }
        }
    }
}
