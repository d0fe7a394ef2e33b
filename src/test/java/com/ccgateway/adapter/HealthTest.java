package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Probes for an orchestrator, open without credentials: liveness (the JVM and Camel) and readiness (Camel's
 * routes and Kafka consumer, and the gateway circuit breaker, which GatewayBreakerTest opens).
 */
@AdapterIntegrationTest
class HealthTest {

    @LocalServerPort
    int port;

    @Test
    void livenessAndReadinessGroupsAreUpAndOpen() {
        HttpTestClient anonymous = HttpTestClient.adapter(port).as();

        HttpTestClient.Response liveness = anonymous.get("/actuator/health/liveness");
        HttpTestClient.Response readiness = anonymous.get("/actuator/health/readiness");

        assertThat(liveness.status()).as(liveness.body()).isEqualTo(200);
        assertThat(liveness.json().path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("livenessState", "camelLivenessState");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        JsonNode components = readiness.json().path("components");
        assertThat(components.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "camelReadinessState", "camelHealth", "gatewayBreaker",
                        "commandIds", "recordedResults");
        assertThat(components.path("camelHealth").path("details").toString()).contains("kafka-entry");
        assertThat(components.path("commandIds").path("details").path("topic").asText()).isEqualTo("cc.agent.command-ids");
        assertThat(components.path("recordedResults").path("details").path("topic").asText())
                .isEqualTo(KafkaTestClient.RESULTS);
    }
}
