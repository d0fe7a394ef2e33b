package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * AUTHMODE 2: the emulator of the test stack rotates every Guid each second and refuses a Guid 10 s old
 * (000-003). Rejects flow for 30 s without pause; not one may fail for a stale Guid.
 */
@AdapterIntegrationTest
class GuidRotationTest {

    private final Agents agents = new Agents();

    @Test
    void rejectsKeepSucceedingWhileTheGuidRotatesEverySecond() {
        String agentId = agents.signedInAgent();
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        List<JsonNode> results = new ArrayList<>();

        while (Instant.now().isBefore(end)) {
            agents.ring(agentId);
            results.add(agents.rejectViaKafka(agentId, Agents.newCommandId()));
        }

        assertThat(results).hasSizeGreaterThan(10)
                .allSatisfy(result -> assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED"));
        assertThat(agents.emulatorView(agentId).path("guidRotations").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(agents.kafka().records(KafkaTestClient.EVENTS, e -> agentId.equals(e.path("agentId").asText())
                && e.path("eventType").asText().startsWith("Adapter_"))).isEmpty();
    }
}
