package com.ccgateway.adapter.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;

/**
 * One of the topics every instance reads in full (no consumer group): read back from where what is kept in
 * memory begins, then followed, on a thread of its own. The read-back begins at {@code cc.idempotency.window}
 * ago, and no further back than each partition's newest {@code cc.idempotency.max-entries}, which is all a
 * reader keeps: a busy day's window (millions of records) would otherwise be read at every start.
 */
final class TopicFollower {

    /** What is done with the records, all on the follower's thread. */
    interface Reader {
        /** One poll's records. */
        void take(ConsumerRecords<String, byte[]> records);

        /** Once the records that were on the topic when the reading began are taken; how many there were. */
        void readBack(long records);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final CommandIdempotency.Settings settings;
    private final Clock clock;
    private final Reader reader;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    /** How far the follower has read, per partition: the offset of the next record. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> readBack = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile long recordsReadBack;
    /** When the following failed, of a run of failures; null while it follows. */
    private volatile Instant failingSince;

    /** Starts reading at once, on a thread named {@code clientId}. */
    TopicFollower(KafkaConfiguration kafka, String topic, String clientId, CommandIdempotency.Settings settings,
                  Clock clock, Reader reader) {
        this.topic = topic;
        this.settings = settings;
        this.clock = clock;
        this.reader = reader;
        this.consumer = new KafkaConsumer<>(consumerConfig(kafka, clientId), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::readBackAndFollow, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Camel's Kafka settings (brokers, security), without a group: every instance reads every partition. */
    static Properties consumerConfig(KafkaConfiguration kafka, String clientId) {
        Properties config = kafka.createConsumerProperties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // where retention deletes records while they are read back, the rest is read, not skipped
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // fewer, fuller fetches: reading back cost mostly fetching, not the records, and following at 200
        // commands/s a fetch per record cost 12 % of the adapter's CPU (flight recordings). Nothing waits on a
        // follower but a repeated command, which catches up first, and another instance's commandId, which
        // reaches this one only when its partition does, seconds later
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return config;
    }

    /** Waits until the topic is read back (the start-up fails with it when the reading failed). */
    void awaitReadBack() {
        try {
            readBack.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Records read back at start-up. */
    long recordsReadBack() {
        return recordsReadBack;
    }

    /**
     * Out of service while the following fails: this instance then does not learn what the others record, and
     * a repeated command reaching it may run again.
     */
    Health health() {
        Instant since = failingSince;
        Health.Builder health = since == null ? Health.up() : Health.outOfService().withDetail("failingSince", since);
        return health.withDetail("topic", topic).withDetail("recordsReadBack", recordsReadBack).build();
    }

    /** The partitions followed, once read back. */
    Set<TopicPartition> partitions() {
        return positions.keySet();
    }

    /** Whether every partition named has been read up to its offset. */
    boolean reached(Map<TopicPartition, Long> targets) {
        return targets.entrySet().stream().allMatch(t -> positions.getOrDefault(t.getKey(), -1L) >= t.getValue());
    }

    /** Stops following; the follower's thread closes the consumer (a consumer is not to be closed from another). */
    void close() {
        if (!stopping) {
            stopping = true;
            consumer.wakeup();
            try {
                thread.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readBackAndFollow() {
        try {
            readBack();
            readBack.complete(null);
            follow();
        } catch (WakeupException stopped) {
            readBack.completeExceptionally(new IllegalStateException("stopped while reading " + topic + " back"));
        } catch (RuntimeException e) {
            readBack.completeExceptionally(new IllegalStateException("could not read " + topic + " back (cc.idempotency.load-timeout "
                    + settings.loadTimeout() + ")", e));
        } finally {
            consumer.close();
        }
    }

    /**
     * Until stopped, however often the broker fails it: an instance that stopped following would no longer learn
     * what the others take. The first failure of a run is logged as a warning, the recovery too.
     */
    private void follow() {
        while (!stopping) {
            try {
                readOnce();
                if (failingSince != null) {
                    LOG.info("Following {} again", topic);
                    failingSince = null;
                }
            } catch (WakeupException stopped) {
                throw stopped;
            } catch (RuntimeException e) {
                if (failingSince == null) {
                    LOG.warn("Could not read {}; trying again each {} s meanwhile", topic, RETRY.toSeconds(), e);
                    failingSince = clock.instant();
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void readBack() {
        Instant deadline = clock.instant().plus(settings.loadTimeout());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, left(deadline)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        long since = clock.instant().minus(settings.window()).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, left(deadline));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, left(deadline));
        partitions.forEach(p -> consumer.seek(p, Math.max(ends.get(p) - settings.maxEntries(),
                starts.get(p) == null ? ends.get(p) : starts.get(p).offset())));
        // an empty window is read back at once, without waiting for a poll
        partitions.forEach(p -> positions.put(p, consumer.position(p, left(deadline))));

        long read = 0;
        while (!reached(ends)) {
            read += readOnce();
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("not read up to its end within the load timeout");
            }
        }
        recordsReadBack = read;
        reader.readBack(read);
    }

    /** What is left of the load timeout, for each request of the read-back: none past it, which fails the start. */
    private Duration left(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Takes one poll's records; how many. */
    private int readOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        reader.take(records);
        consumer.assignment().forEach(p -> positions.put(p, consumer.position(p)));
        return records.count();
    }
}
