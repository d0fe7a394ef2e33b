package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * An event poll's answer starts no thread: thousands of agents poll on a handful of threads. (The JDK's
 * {@code HttpClient.sendAsync} completes each answer on CompletableFuture's default executor, which on two
 * cores starts a thread per task.)
 */
@AdapterIntegrationTest
class EventPollingTest {

    private static final int AGENTS = 12;

    private final Agents agents = new Agents();

    @Test
    void pollAnswersStartNoThreads() throws InterruptedException {
        // signed in first: their sign-in events' answers start the threads the poller keeps
        List<String> rung = IntStream.range(0, AGENTS).mapToObj(i -> agents.signedInAgent()).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();

        // one ring each, and a plain wait: Awaitility starts a thread per wait
        rung.forEach(agentId -> assertThat(agents.emulator().post("/emulator/agents/" + agentId + "/incoming-call",
                Map.of()).status()).isEqualTo(200));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (alerts(rung) < AGENTS && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }

        assertThat(alerts(rung)).isEqualTo(AGENTS);
        assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(AGENTS / 2);
    }

    private int alerts(List<String> agentIds) {
        return agentIds.stream().mapToInt(agents::alerts).sum();
    }
}
