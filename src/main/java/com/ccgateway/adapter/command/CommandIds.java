package com.ccgateway.adapter.command;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Every commandId taken, on {@code cc.topics.command-ids}: written, and acknowledged by the broker, before its
 * command's gateway call, and read back by every instance. The records are those of Camel's Kafka idempotent
 * repository (key: the commandId, value: {@code add}, {@code remove} or {@code clear}), which this replaces
 * because it reads its whole topic back at every start (a day's window can be millions of records), keeps a
 * commandId whose write failed as taken, and closes its consumer while its thread may still be polling it.
 */
public class CommandIds extends ServiceSupport
        implements IdempotentRepository, HealthIndicator, InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIds.class);
    private static final String CLIENT_ID = "cc-gateway-command-ids";
    private static final String ADD = "add";
    private static final String REMOVE = "remove";
    private static final String CLEAR = "clear";
    private static final byte[] ADD_BYTES = ADD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] REMOVE_BYTES = REMOVE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLEAR_BYTES = CLEAR.getBytes(StandardCharsets.UTF_8);

    private final KafkaConfiguration kafka;
    private final String topic;
    private final CommandIdempotency.Settings settings;
    private final Clock clock;
    /** The commandIds taken, here and on the other instances, the oldest dropped first. */
    private final Map<String, Boolean> taken;
    private volatile TopicFollower follower;
    private volatile KafkaProducer<String, String> producer;

    public CommandIds(KafkaConfiguration kafka, String topic, CommandIdempotency.Settings settings, Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.settings = settings;
        this.clock = clock;
        this.taken = CommandIdempotency.oldestDropped(settings.maxEntries());
    }

    /** Begins reading the topic back while the rest of the adapter starts; the route's start waits for it. */
    @Override
    public void afterPropertiesSet() {
        follow();
    }

    @Override
    protected void doStart() {
        Properties config = kafka.createProducerProperties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        // the record must be durable before the gateway is called
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        follow().awaitReadBack();
    }

    private synchronized TopicFollower follow() {
        if (follower == null) {
            follower = new TopicFollower(kafka, topic, CLIENT_ID, settings, clock, new TopicFollower.Reader() {
                @Override
                public void take(ConsumerRecords<String, byte[]> records) {
                    records.forEach(CommandIds.this::take);
                }

                @Override
                public void readBack(long records) {
                    LOG.info("Read {} commandIds taken in the last {} from {} ({} records)", taken.size(),
                            settings.window(), topic, records);
                }
            });
        }
        return follower;
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (Arrays.equals(record.value(), ADD_BYTES)) {
            taken.putIfAbsent(record.key(), Boolean.TRUE);
        } else if (Arrays.equals(record.value(), REMOVE_BYTES)) {
            taken.remove(record.key());
        } else if (Arrays.equals(record.value(), CLEAR_BYTES)) {
            taken.clear();
        } else {
            LOG.warn("Skipped a record of {} that is not add, remove or clear: partition {}, offset {}", topic,
                    record.partition(), record.offset());
        }
    }

    /** Records read back at start-up. */
    long recordsReadBack() {
        return follower.recordsReadBack();
    }

    @Override
    public Health health() {
        TopicFollower following = follower;
        return following == null ? Health.unknown().withDetail("topic", topic).build() : following.health();
    }

    @Override
    public void destroy() {
        stop();
        // where the route never started, stop() does nothing: the reading begun at creation ends here
        doStop();
    }

    @Override
    protected synchronized void doStop() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /**
     * Takes the commandId, here at once and on the topic before this returns. Where the broker does not take the
     * write, the command will not be sent: the commandId is free again, here, and everywhere in case the write
     * reached the topic after all.
     */
    @Override
    public boolean add(String key) {
        if (taken.putIfAbsent(key, Boolean.TRUE) != null) {
            return false;
        }
        try {
            write(key, ADD);
            return true;
        } catch (RuntimeException notWritten) {
            taken.remove(key);
            try {
                write(key, REMOVE);
            } catch (RuntimeException removeNotWritten) {
                notWritten.addSuppressed(removeNotWritten);
            }
            throw notWritten;
        }
    }

    @Override
    public boolean contains(String key) {
        return taken.containsKey(key);
    }

    @Override
    public boolean remove(String key) {
        taken.remove(key);
        write(key, REMOVE);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        taken.clear();
        write(null, CLEAR);
    }

    /**
     * Sends and waits for the broker's acknowledgement. Every failure names Kafka as its cause, a producer already
     * closed too (a command still running while the route stops): the command is read again, not dead-lettered.
     */
    private void write(String key, String action) {
        KafkaProducer<String, String> open = producer;
        if (open == null) {
            throw new RuntimeCamelException(new KafkaException("the command-ids producer is closed"));
        }
        try {
            open.send(new ProducerRecord<>(topic, key, action)).get();
        } catch (IllegalStateException closed) {
            throw new RuntimeCamelException(new KafkaException("the command-ids producer is closed", closed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeCamelException(e);
        } catch (ExecutionException e) {
            throw new RuntimeCamelException("the broker did not take " + action + " of a commandId on " + topic,
                    e.getCause());
        }
    }
}
