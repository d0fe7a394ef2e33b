package com.ccgateway.adapter.command;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Properties;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import com.ccgateway.adapter.AdapterConfiguration.Topics;

/**
 * What makes a command reach the gateway at most once, across restarts and instances: every commandId is
 * written to {@code cc.topics.command-ids} before its gateway call (Camel's Kafka idempotent repository,
 * the {@code command} route's {@code de-duplicate} step), and every result is read back from the result
 * topic ({@link RecordedResults}).
 */
@Configuration(proxyBeanMethods = false)
public class CommandIdempotency {

    /**
     * {@code cc.idempotency.*}
     *
     * @param window      how far back the result topic is read at start-up: a command repeated later than
     *                    this is answered {@code OUTCOME_UNKNOWN} (never sent again); keep the command-ids
     *                    topic's retention at least this long
     * @param maxEntries  commandIds and results kept in memory, the oldest dropped first
     * @param loadTimeout how long start-up may take to read the results back before it fails
     */
    @Validated
    @ConfigurationProperties("cc.idempotency")
    public record Settings(
            @DefaultValue("24h") @NotNull Duration window,
            @DefaultValue("100000") @Min(1) int maxEntries,
            @DefaultValue("60s") @NotNull Duration loadTimeout) {
    }

    /** Reads the whole topic at start-up, then follows it; writes each new commandId and waits for the broker. */
    @Bean
    KafkaIdempotentRepository commandIds(KafkaConfiguration kafka, Topics topics, Settings settings) {
        Properties consumer = kafka.createConsumerProperties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Properties producer = kafka.createProducerProperties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        // the record must be durable before the gateway is called
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new ClosingKafkaIdempotentRepository(topics.commandIds(), consumer, producer, settings.maxEntries(), 100);
    }

    /**
     * Camel's repository (4.17) closes its consumer while its sync thread may still be in {@code poll}: the
     * consumer refuses ({@link ConcurrentModificationException}), and the producer after it is never closed,
     * its thread left running. The sync thread leaves {@code poll} within one poll duration once stopped, so
     * the stop is repeated until the consumer closes.
     */
    static final class ClosingKafkaIdempotentRepository extends KafkaIdempotentRepository {

        private static final int STOP_ATTEMPTS = 10;

        ClosingKafkaIdempotentRepository(String topic, Properties consumer, Properties producer, int maxEntries,
                                         int pollDurationMs) {
            super(topic, consumer, producer, maxEntries, pollDurationMs);
        }

        /**
         * Camel's repository takes a key into its cache before it writes it: a write the broker refused left the
         * command taken though its gateway call never happened, and the batch read again answered it
         * {@code OUTCOME_UNKNOWN}. The key leaves the cache again, and a remove follows on the topic (in case the
         * add reached it after all) where the broker takes it.
         */
        @Override
        public boolean add(String key) {
            try {
                return super.add(key);
            } catch (RuntimeCamelException notWritten) {
                try {
                    remove(key);
                } catch (RuntimeCamelException removeNotWritten) {
                    notWritten.addSuppressed(removeNotWritten);
                }
                throw notWritten;
            }
        }

        @Override
        protected void doStop() throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    super.doStop();
                    return;
                } catch (ConcurrentModificationException stillPolling) {
                    if (attempt == STOP_ATTEMPTS) {
                        throw stillPolling;
                    }
                    Thread.sleep(getPollDurationMs());
                }
            }
        }
    }
}
