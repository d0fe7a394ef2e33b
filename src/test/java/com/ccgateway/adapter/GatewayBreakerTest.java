package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.ccgateway.adapter.gateway.GatewayBreaker;

/**
 * A gateway that answers nothing opens the circuit breaker (cc.gateway.breaker.*): no call is made while it
 * is open, health shows it, and the commands that arrive meanwhile wait, neither lost nor dead-lettered,
 * until the gateway is back or they expire.
 */
@AdapterIntegrationTest
class GatewayBreakerTest {

    @LocalServerPort
    int port;

    @Autowired
    GatewayBreaker breaker;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @AfterEach
    void gatewayBack() {
        agents.emulator().delete("/emulator/faults");
        // a call the gateway answers closes the breaker again for the other tests
        String agentId = agents.signedInAgent();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            agents.rejectViaKafka(agentId, Agents.newCommandId());
            return breaker.state() == CircuitBreaker.State.CLOSED;
        });
    }

    @Test
    void deadGatewayIsNotCalledWhileOpenAndAWaitingRejectSucceedsOnceItIsBack() {
        String agentId = agents.signedInAgent();
        openTheBreaker(agentId);
        agents.ring(agentId);
        JsonNode health = health();
        assertThat(health.path("components").path("gatewayBreaker").path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.path("components").path("gatewayBreaker").path("details").path("state").asText()).isEqualTo("OPEN");
        int callsBefore = agents.phoneHangUps(agentId).size();

        String commandId = Agents.newCommandId();
        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId,
                "expiresAt", Instant.now().plusSeconds(25).toString()));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> agents.phoneHangUps(agentId).size() == callsBefore);
        agents.emulator().delete("/emulator/faults");

        JsonNode result = kafka.awaitResult(commandId);
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
        assertThat(agents.emulatorView(agentId).path("phone").asText()).isEqualTo("IDLE");
        assertThat(kafka.records(KafkaTestClient.DEAD_LETTERS, r -> true)).noneMatch(r -> commandId.equals(r.path("commandId").asText()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> breaker.state() == CircuitBreaker.State.CLOSED);
        assertThat(health().path("components").path("gatewayBreaker").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void rejectWaitingForTheOpenBreakerExpiresWithoutACall() {
        String agentId = agents.signedInAgent();
        openTheBreaker(agentId);
        int callsBefore = agents.phoneHangUps(agentId).size();
        String commandId = Agents.newCommandId();

        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId,
                "expiresAt", Instant.now().plusMillis(1500).toString()));

        JsonNode result = kafka.awaitResult(commandId);
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("EXPIRED");
        assertThat(result.path("attempts").asInt()).isZero();
        assertThat(agents.phoneHangUps(agentId)).hasSize(callsBefore);
    }

    @Test
    void refusalsDoNotOpenTheBreaker() {
        String agentId = agents.signedInAgent();
        assertThat(agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup",
                "httpStatus", 404)).status()).isEqualTo(200);

        // more refused calls in a row than cc.gateway.breaker.sliding-window (10): the gateway answered each
        for (int call = 0; call < 12; call++) {
            assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("error").path("reason").asText())
                    .isEqualTo("GATEWAY_REFUSED");
        }

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** Every call fails with HTTP 503 until cc.gateway.breaker.sliding-window (10) calls in a row have. */
    private void openTheBreaker(String agentId) {
        assertThat(agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup",
                "httpStatus", 503)).status()).isEqualTo(200);
        while (breaker.state() != CircuitBreaker.State.OPEN) {
            // short-lived, so that the one that opens the breaker does not wait for it
            String commandId = Agents.newCommandId();
            kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId,
                    "expiresAt", Instant.now().plusSeconds(1).toString()));
            assertThat(kafka.awaitResult(commandId).path("error").path("reason").asText())
                    .isIn("GATEWAY_UNAVAILABLE", "EXPIRED");
        }
    }

    private JsonNode health() {
        return HttpTestClient.adapter(port).get("/actuator/health").json();
    }
}
