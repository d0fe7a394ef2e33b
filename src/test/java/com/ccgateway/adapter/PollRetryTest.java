package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Event polls that fail (here HTTP 503) are sent again, each pause twice the last: {@code cc.sessions.retry-delay}
 * (200 ms in the test stack) up to {@code max-retry-delay} (1 s). The session is kept, and its events flow once
 * a poll is answered.
 */
@AdapterIntegrationTest
class PollRetryTest {

    private static final int FAILURES = 4;
    private static final List<Duration> LEAST_PAUSES =
            List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1));

    private final Agents agents = new Agents();

    @Autowired
    private MeterRegistry registry;

    @Test
    void failedPollsAreSentAgainLessAndLessOftenUntilOneIsAnswered() {
        // the fault is there before the agent signs in, so its first polls are the ones that fail
        String agentId = Agents.newAgentId();
        assertThat(agents.emulator().post("/emulator/faults", Map.of("interfaceName", "agentevent",
                "agentId", agentId, "httpStatus", 503, "times", FAILURES)).status()).isEqualTo(200);
        double failedBefore = registry.counter("cc.polls.failed").count();

        // its sign-in events come with the first poll answered
        agents.signedInAgent(agentId);

        List<Instant> polls = agents.gatewayRequests(agentId, "agentevent").stream()
                .map(poll -> Instant.parse(poll.path("at").asText()))
                .toList();
        assertThat(polls).hasSizeGreaterThan(FAILURES);
        IntStream.range(0, FAILURES).forEach(i -> assertThat(Duration.between(polls.get(i), polls.get(i + 1)))
                .as("pause after failed poll %d of %s", i + 1, polls)
                .isGreaterThanOrEqualTo(LEAST_PAUSES.get(i)));
        assertThat(registry.counter("cc.polls.failed").count() - failedBefore).isGreaterThanOrEqualTo(FAILURES);
        assertThat(agents.kafka().records(KafkaTestClient.EVENTS, e -> agentId.equals(e.path("agentId").asText())
                && e.path("eventType").asText().startsWith("Adapter_"))).isEmpty();
    }
}
