package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The adapter's own meters on the Prometheus endpoint (admin scope): commands by type, status and reason;
 * gateway call latency as a histogram by interface; retries; dead letters; sessions held; polls in flight;
 * event relay delay; HTTP requests timed, without Spring Security's own observations.
 */
@AdapterIntegrationTest
class MetricsTest {

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();

    @Test
    void flowsShowOnThePrometheusEndpoint() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        agents.rejectViaKafka(agentId, Agents.newCommandId());
        agents.kafka().send(agentId, "not json");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpTestClient.Response scrape = HttpTestClient.adapter(port).get("/actuator/prometheus");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("cc_commands_total{reason=\"none\",status=\"SUCCEEDED\",type=\"REJECT_CALL\"}")
                    .contains("cc_commands_total{reason=\"MALFORMED_JSON\",status=\"REJECTED\",type=\"unknown\"}")
                    .contains("cc_dead_letters_total{reason=\"MALFORMED_JSON\"}")
                    .contains("cc_gateway_requests_seconds_bucket{interface=\"phonehangup\",outcome=\"answered\"")
                    .contains("cc_gateway_requests_seconds_bucket{interface=\"onlineagent\",outcome=\"answered\"")
                    .contains("cc_gateway_retries_total")
                    .contains("cc_sessions_held")
                    .contains("cc_polls_in_flight")
                    .contains("cc_events_relay_delay_seconds_bucket")
                    // requests are timed, but Spring Security's per-filter observations are off (their CPU cost)
                    .contains("http_server_requests_seconds_count")
                    .doesNotContain("spring_security_");
        });
        assertThat(HttpTestClient.adapter(port).as().get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
