package com.ccgateway.adapter.command;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.AdapterConfiguration;

/**
 * The command topic's records as the {@code kafka-entry} route hands them over, one at a time on the consumer
 * thread, which goes on polling while they run: each agent's commands (the record key) run in offset order on
 * one lane of the {@code command-lanes} pool, different agents' side by side, at most {@code cc.kafka.concurrency}
 * lanes at once (beyond, an agent's commands wait for a lane to finish). Between polls (at most once
 * per poll timeout) the consumer thread commits each partition up to its first command not answered yet, so a
 * commit never passes an unfinished command; before it gives partitions up (a rebalance, a stop) it waits for
 * the commands in flight.
 * A command that fails (the broker away) stops every lane: once the running commands are done, the consumer
 * goes back to what is committed and reads the rest again, and what was answered already is only committed.
 * <p>
 * It is {@code kafka-entry}'s route policy, which makes it the listener of that route's consumer.
 */
@Component("commandLanes")
public class CommandLanes extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLanes.class);
    private static final String COMMAND = "direct:kafka-command";
    /**
     * The lanes' threads: a lane takes the thread idle the shortest time, or a new one where none is idle; one idle
     * for 10 s ends (a burst of thousands of sign-ins leaves none behind). How many lanes run is counted here: a pool
     * of cc.kafka.concurrency core threads made a thread for each lane while it had fewer, however many were idle
     * (12 a second at 200 commands/s, on the consumer thread), and ran a lane on the consumer thread once all were busy.
     */
    private static final ThreadPoolProfile LANE_THREADS = new ThreadPoolProfileBuilder("command-lanes")
            .poolSize(1).maxPoolSize(Integer.MAX_VALUE).maxQueueSize(0) // a hand-off, no queue
            .keepAliveTime(10L, TimeUnit.SECONDS).allowCoreThreadTimeOut(true)
            .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
    /** The lane of records without a key (refused, as their key names no agent): one, as for an agent. */
    private static final Object NO_KEY = new Object();
    /** Longer than a command's gateway calls with their retries take. */
    private static final Duration LANES_LIMIT = Duration.ofMinutes(1);

    private final ProducerTemplate template;
    private final int maxInFlight;
    /** One per command taken and not finished: the consumer waits for one when all are taken. */
    private final Semaphore inFlight;
    /** Each agent's commands not run yet; an agent with nothing to run has no entry. */
    private final Map<Object, Queue<Runnable>> lanes = new HashMap<>();
    /** Agents whose commands wait for a lane, all being busy (guarded by lanes, as is running). */
    private final Queue<Object> waitingForLane = new ArrayDeque<>();
    private final int concurrency;
    private int running;
    private final Map<TopicPartition, Offsets> offsets = new ConcurrentHashMap<>();
    private volatile Exception failure;
    /** Consumer thread only: one commit in flight at a time, the next takes whatever finished meanwhile. */
    private boolean committing;
    /** A commit per poll would be a broker write per command at low rates: at most one per poll timeout. */
    private final long commitEveryNanos;
    private long lastCommit;
    private ExecutorService pool;
    private Endpoint command;
    /** kafka-entry's consumer, of the current connection. */
    private volatile Consumer<?, ?> commandConsumer;

    public CommandLanes(ProducerTemplate template, AdapterConfiguration.Kafka settings) {
        this.template = template;
        this.concurrency = settings.concurrency();
        this.maxInFlight = settings.maxInFlight();
        this.inFlight = new Semaphore(maxInFlight);
        this.commitEveryNanos = settings.pollTimeout().toNanos();
        this.lastCommit = System.nanoTime() - commitEveryNanos;
    }

    @Override
    public void onInit(Route route) {
        route.setConsumerListener(new PollListener());
        if (pool == null) { // the route may be made again (advised, reloaded): one pool
            pool = route.getCamelContext().getExecutorServiceManager()
                    .newThreadPool(this, "command-lanes", LANE_THREADS);
        }
        command = route.getCamelContext().getEndpoint(COMMAND);
    }

    /** Subscribes the route's consumer so that it waits for the commands in flight before it gives partitions up. */
    public SubscribeAdapter subscribeAdapter() {
        return this::subscribe;
    }

    /** Takes a record (consumer thread): it runs once its agent's earlier commands have run. */
    public void take(Exchange record) throws InterruptedException {
        if (failure != null) {
            return; // read again once the lanes have stopped
        }
        Message message = record.getMessage();
        TopicPartition partition = new TopicPartition(message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class));
        long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        inFlight.acquire();
        Offsets taken = offsets.computeIfAbsent(partition, p -> new Offsets());
        taken.unfinished.add(offset);
        taken.next = offset + 1;
        // the lane's exchange runs this copy: the consumer's exchange keeps its own message
        Message copy = message.copy();
        Object agent = message.getHeader(KafkaConstants.KEY);
        enqueue(agent == null ? NO_KEY : agent, () -> run(copy, taken, offset));
    }

    private void enqueue(Object agent, Runnable task) {
        synchronized (lanes) {
            Queue<Runnable> waiting = lanes.get(agent);
            if (waiting != null) {
                waiting.add(task);
                return;
            }
            waiting = new ArrayDeque<>();
            waiting.add(task);
            lanes.put(agent, waiting);
            if (running == concurrency) {
                waitingForLane.add(agent);
                return;
            }
            running++;
        }
        try {
            pool.execute(() -> runLanes(agent));
        } catch (RejectedExecutionException stopping) {
            stopLanes(stopping);
            runLanes(agent); // skips what is waiting, and gives each command's place back
        }
    }

    /**
     * Runs an agent's commands one after the other until none is left, then those of each agent that waited for
     * a lane meanwhile.
     */
    private void runLanes(Object first) {
        Object agent = first;
        while (agent != null) {
            for (Runnable next = nextCommand(agent); next != null; next = nextCommand(agent)) {
                next.run();
            }
            synchronized (lanes) {
                agent = waitingForLane.poll();
                if (agent == null) {
                    running--;
                }
            }
        }
    }

    private Runnable nextCommand(Object agent) {
        synchronized (lanes) {
            Runnable next = lanes.get(agent).poll();
            if (next == null) {
                lanes.remove(agent);
            }
            return next;
        }
    }

    private void run(Message record, Offsets taken, long offset) {
        try {
            if (failure == null) { // else unfinished: read again
                Exchange done = template.send(command, exchange -> exchange.setIn(record));
                if (done.getException() == null) {
                    taken.unfinished.remove(offset);
                } else {
                    stopLanes(done.getException());
                }
            }
        } catch (RuntimeException stopping) {
            stopLanes(stopping);
        } finally {
            inFlight.release();
        }
    }

    private void stopLanes(Exception cause) {
        if (failure == null) {
            failure = cause;
            LOG.warn("A command failed ({}): the commands in flight finish, then what is not committed is read again",
                    cause.toString());
        }
    }

    /**
     * Waits until no command is in flight (queued ones run, or are skipped once the lanes are stopped). A
     * command still unfinished after that is not committed, and is read again.
     */
    private void awaitLanes() {
        try {
            if (inFlight.tryAcquire(maxInFlight, LANES_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(maxInFlight);
            } else {
                LOG.warn("Commands still in flight after {}: they are read again", LANES_LIMIT);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** After each poll, on the consumer thread: commits what is answered, or reads again after a failure. */
    private boolean afterPoll(Consumer<?, ?> consumer) {
        if (failure != null) {
            readAgainFromCommitted(consumer);
            return false; // this poll's records come again
        }
        if (committing || System.nanoTime() - lastCommit < commitEveryNanos) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> answered = answeredUpTo();
        if (!answered.isEmpty()) {
            committing = true;
            lastCommit = System.nanoTime();
            consumer.commitAsync(answered, (done, failed) -> {
                committing = false;
                if (failed != null) {
                    LOG.warn("Could not commit {}: the next poll tries again ({})", answered, failed.toString());
                } else {
                    markCommitted(done);
                }
            });
        }
        return true;
    }

    /**
     * Once the lanes are idle, commits what is answered and moves every partition back to its committed
     * offset. Where the broker cannot answer yet, the next poll tries again.
     */
    private void readAgainFromCommitted(Consumer<?, ?> consumer) {
        try {
            commitAnswered(consumer);
            var assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset);
                }
            }
        } catch (KafkaException brokerAway) {
            LOG.warn("Cannot go back to the committed offsets yet ({}): polls are dropped until it can",
                    brokerAway.toString());
            return;
        }
        offsets.clear();
        failure = null;
    }

    /** Waits for the commands in flight and commits what they answered (consumer thread). */
    private void commitAnswered(Consumer<?, ?> consumer) {
        awaitLanes();
        Map<TopicPartition, OffsetAndMetadata> answered = answeredUpTo();
        if (!answered.isEmpty()) {
            consumer.commitSync(answered);
            markCommitted(answered);
        }
    }

    private void markCommitted(Map<TopicPartition, OffsetAndMetadata> done) {
        done.forEach((partition, offset) -> {
            Offsets taken = offsets.get(partition);
            if (taken != null) { // not given up meanwhile
                taken.committed = offset.offset();
            }
        });
    }

    /** Each partition's first offset not answered, where it has moved past the last commit. */
    private Map<TopicPartition, OffsetAndMetadata> answeredUpTo() {
        Map<TopicPartition, OffsetAndMetadata> answered = new HashMap<>();
        offsets.forEach((partition, taken) -> {
            long upTo = taken.firstUnfinished();
            if (upTo > taken.committed) {
                answered.put(partition, new OffsetAndMetadata(upTo));
            }
        });
        return answered;
    }

    private void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        if (consumer != commandConsumer) { // another Kafka route's (the routes can be replaced): Camel's own way
            new DefaultSubscribeAdapter().subscribe(consumer, camelListener, topicInfo);
            return;
        }
        new DefaultSubscribeAdapter().subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    commitAnswered(consumer);
                } catch (KafkaException commitFailed) {
                    LOG.warn("Could not commit before giving partitions up: their unanswered records are read again"
                            + " ({})", commitFailed.toString());
                }
                offsets.keySet().removeAll(partitions);
                camelListener.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                awaitLanes();
                offsets.keySet().removeAll(partitions);
                camelListener.onPartitionsLost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsAssigned(partitions);
            }
        }, topicInfo);
    }

    /** The offsets of one partition's records taken since its last commit; the lanes touch only unfinished. */
    private static final class Offsets {
        final ConcurrentSkipListSet<Long> unfinished = new ConcurrentSkipListSet<>();
        /** After the last record taken (consumer thread, as is what follows). */
        long next;
        long committed = -1;

        long firstUnfinished() {
            Iterator<Long> first = unfinished.iterator();
            return first.hasNext() ? first.next() : next;
        }
    }

    /** Camel calls it after each poll of the route's consumer, and once per new consumer (a reconnect). */
    private final class PollListener extends KafkaConsumerListener {

        @Override
        public void setConsumer(Consumer<?, ?> consumer) {
            awaitLanes();
            offsets.clear();
            failure = null;
            committing = false;
            commandConsumer = consumer;
            super.setConsumer(consumer);
        }

        @Override
        public boolean afterConsume(Object consumer) {
            return afterPoll((Consumer<?, ?>) consumer);
        }

        @Override
        public boolean afterProcess(ProcessingResult result) {
            return true; // a record the route could not take ends this poll: Camel reconnects
        }
    }
}
