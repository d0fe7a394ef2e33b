package com.ccgateway.adapter.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.AdapterConfiguration.Topics;

/**
 * The results already on the result topic: what a command seen before is answered with instead of reaching
 * the gateway again, and which requests (Kafka records, by topic-partition-offset) were already answered, so
 * a record redelivered after a restart gets no second result. It reads the topic back over
 * {@code cc.idempotency.window} before the routes start, then follows it, so every instance knows the
 * results of all of them. Each result record names its request in its CloudEvents {@code ce_id} header.
 */
@Component("recordedResults")
public class RecordedResults implements HealthIndicator, InitializingBean, SmartLifecycle, DisposableBean {

    /** The result record header naming the request it answers. */
    public static final String REQUEST_HEADER = "ce_id";
    /** Set on the exchange when the request was answered before: nothing more is published for it. */
    public static final String ANSWERED = "answered";

    private static final Logger LOG = LoggerFactory.getLogger(RecordedResults.class);
    private static final String CLIENT_ID = "cc-gateway-recorded-results";
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a result read back waits for this instance's lane to claim it as its own before it is parsed. */
    private static final long CLAIM_WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private final KafkaConfiguration kafka;
    private final String topic;
    private final CommandIdempotency.Settings properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final CommandResults results;
    /**
     * The first result of each commandId, as published (parsed only when a repeated command needs it), by
     * {@link Command#idempotencyKey()}.
     */
    private final Map<String, byte[]> byCommand;
    /** Requests answered, by {@link CommandRequest#requestId()}. */
    private final Map<String, Boolean> answeredRequests;
    /**
     * Results read back whose request this instance had not recorded yet, as read. Most are its own, read
     * before the broker's acknowledgement reached the lane that sent them: {@link #record} claims those, and
     * they are never parsed. Another instance's are parsed once {@link #CLAIM_WINDOW_NANOS} old, or at once
     * when a repeated command needs them ({@link #catchUp}).
     */
    private final Map<String, byte[]> unclaimed = new ConcurrentHashMap<>();
    /** The requests of {@link #unclaimed}, oldest first, with when they were read; the follower's alone. */
    private final Deque<ReadBack> unclaimedOrder = new ArrayDeque<>();
    private TopicFollower follower;
    private Admin admin;
    private volatile boolean stopping;
    private volatile boolean running;

    public RecordedResults(KafkaConfiguration kafka, Topics topics, CommandIdempotency.Settings properties,
                           ObjectMapper json, Clock clock, CommandResults results) {
        this.kafka = kafka;
        this.topic = topics.results();
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.results = results;
        this.byCommand = CommandIdempotency.oldestDropped(properties.maxEntries());
        this.answeredRequests = CommandIdempotency.oldestDropped(properties.maxEntries());
    }

    /** Whether this very request (a redelivered record) already has its result on the topic. */
    public boolean answered(CommandRequest request) {
        return answeredRequests.containsKey(request.requestId());
    }

    /**
     * The answer to a command whose commandId was taken before: its recorded result, or, where none is
     * recorded, {@code OUTCOME_UNKNOWN}; it never reaches the gateway again. Sets {@link #ANSWERED} when
     * this request itself was answered already.
     */
    public CommandResult forDuplicate(@ExchangeProperty("command") Command command,
                                      @ExchangeProperty("commandRequest") CommandRequest request, Exchange exchange) {
        // another instance may have published it a moment ago (a rebalance): read up to now first
        catchUp();
        if (answeredRequests.containsKey(request.requestId())) {
            exchange.setProperty(ANSWERED, true);
        }
        byte[] recorded = byCommand.get(command.idempotencyKey());
        if (recorded == null) {
            return results.outcomeUnknown(command);
        }
        try {
            return json.readValue(recorded, CommandResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called once a result is on the topic, with the record's value, so it counts before the follower reads it back. */
    public void record(@ExchangeProperty("result") CommandResult result,
                       @ExchangeProperty("commandRequest") CommandRequest request, @Body byte[] published) {
        answeredRequests.putIfAbsent(request.requestId(), Boolean.TRUE);
        unclaimed.remove(request.requestId());
        remember(result, published);
    }

    /**
     * Starts reading the topic back as soon as this bean exists, on the thread that then follows it: the rest of
     * the start-up (the other beans, the web server) goes on meanwhile, and {@link #start} waits for it.
     */
    @Override
    public void afterPropertiesSet() {
        admin = Admin.create(TopicFollower.consumerConfig(kafka, CLIENT_ID));
        // Spring destroys no bean whose initialisation failed: the admin client must not outlive a follower
        // that could not be made
        try {
            follower = newFollower();
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    private TopicFollower newFollower() {
        return new TopicFollower(kafka, topic, CLIENT_ID, properties, clock, new TopicFollower.Reader() {
            @Override
            public void take(ConsumerRecords<String, byte[]> records) {
                records.forEach(RecordedResults.this::take);
                long now = System.nanoTime();
                while (!unclaimedOrder.isEmpty() && now - unclaimedOrder.peek().at() >= CLAIM_WINDOW_NANOS) {
                    parseUnclaimed(unclaimedOrder.poll().requestId());
                }
            }

            @Override
            public void readBack(long records) {
                parseUnclaimed();
                unclaimedOrder.clear();
                LOG.info("Read {} recorded results of the last {} from {} ({} records)", byCommand.size(),
                        properties.window(), topic, records);
            }
        });
    }

    /** Before Camel starts its routes: once the results are read back (or their reading failed, failing the start). */
    @Override
    public void start() {
        follower.awaitReadBack();
        running = true;
    }

    /** Records read back at start-up. */
    long recordsReadBack() {
        return follower.recordsReadBack();
    }

    @Override
    public Health health() {
        return follower.health();
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(REQUEST_HEADER);
        if (header == null) {
            parse(record.value(), "partition " + record.partition() + ", offset " + record.offset());
            return;
        }
        String requestId = new String(header.value(), StandardCharsets.UTF_8);
        // a request already known (this instance's own result, recorded by its lane): nothing to learn from it
        if (answeredRequests.containsKey(requestId)) {
            return;
        }
        answeredRequests.put(requestId, Boolean.TRUE);
        unclaimed.put(requestId, record.value());
        unclaimedOrder.add(new ReadBack(requestId, System.nanoTime()));
    }

    /** Parses every result no lane has claimed; safe from any thread, each parsed once. */
    private void parseUnclaimed() {
        unclaimed.keySet().forEach(this::parseUnclaimed);
    }

    private void parseUnclaimed(String requestId) {
        byte[] value = unclaimed.remove(requestId);
        if (value != null) {
            parse(value, "request " + requestId);
        }
    }

    private void parse(byte[] value, String where) {
        try {
            remember(json.readValue(value, CommandResult.class), value);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipped a record of {} that is not a result: {}", topic, where);
        }
    }

    private record ReadBack(String requestId, long at) {
    }

    /** The first result of a commandId; a rejected command never took its commandId, so it records none. */
    private void remember(CommandResult result, byte[] published) {
        if (result.commandId() != null && result.status() != CommandStatus.REJECTED) {
            byCommand.putIfAbsent(Command.idempotencyKey(result.agentId(), result.commandId()), published);
        }
    }

    /** Waits until the follower has read every result that was on the topic when this was called. */
    private void catchUp() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            follower.partitions().forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> targets = new HashMap<>();
            ends.forEach((p, info) -> targets.put(p, info.offset()));
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (!follower.reached(targets) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not read {} up to now; deciding on what was read so far", topic, e);
        }
        parseUnclaimed();
    }

    @Override
    public void stop() {
        running = false;
        destroy();
    }

    /** Also where the context fails before {@link #start}: the reading thread ends and closes its consumer. */
    @Override
    public void destroy() {
        if (!stopping) {
            stopping = true;
            follower.close();
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before Camel starts its routes, and stopped after them. */
    @Override
    public int getPhase() {
        return 0;
    }
}
