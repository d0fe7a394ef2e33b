package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.LifecycleStrategySupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway's endpoint and its connections, in an adapter of its own with a single connection to the gateway
 * (the first test needs an adapter that has not called the gateway yet).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndpointsTest {

    private final Agents agents = new Agents();
    private ConfigurableApplicationContext adapter;
    private HttpTestClient api;

    @BeforeAll
    void startAdapter() {
        adapter = OwnAdapter.start("endpoints-test", Map.of("cc.gateway.max-connections", 1));
        api = HttpTestClient.adapter(OwnAdapter.port(adapter));
    }

    @AfterAll
    void stopAdapter() {
        adapter.close();
    }

    /** The endpoint, with its truststore, SSL context and connection pool, is made once, not per call. */
    @Test
    @Order(1)
    void burstOfFirstCallsMakesOneEndpoint() {
        AtomicInteger gatewayEndpointsMade = new AtomicInteger();
        adapter.getBean(CamelContext.class).addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                if (endpoint.getEndpointUri().startsWith("https:")) {
                    gatewayEndpointsMade.incrementAndGet();
                }
            }
        });
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<HttpTestClient.Response>> signIns = IntStream.range(0, 16)
                    .mapToObj(i -> Agents.newAgentId())
                    .map(agentId -> CompletableFuture.supplyAsync(() -> signIn(agentId), clients))
                    .toList();

            assertThat(signIns).allSatisfy(signIn -> assertThat(signIn.join().status()).isEqualTo(200));
            assertThat(gatewayEndpointsMade).hasValue(1);
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A failed attempt's answer is read and closed before its retry: with one connection, a retry that waited for
     * the connection its failed attempt still held would time out, and so would every attempt after it.
     */
    @Test
    @Order(2)
    void retryGetsTheConnectionItsFailedAttemptHeld() {
        String agentId = Agents.newAgentId();
        assertThat(signIn(agentId).status()).isEqualTo(200);
        agents.ring(agentId);
        assertThat(agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup", "agentId", agentId,
                "httpStatus", 502, "times", 2)).status()).isEqualTo(200);

        HttpTestClient.Response rejected = api.post("/api/v1/agents/" + agentId + "/reject-call", Map.of());

        JsonNode result = rejected.json();
        assertThat(result.path("status").asText()).as(rejected.body()).isEqualTo("SUCCEEDED");
        assertThat(result.path("attempts").asInt()).isEqualTo(3);
    }

    private HttpTestClient.Response signIn(String agentId) {
        return api.put("/api/v1/agents/" + agentId + "/session", Map.of("password", "pw", "phoneNumber", "70" + agentId));
    }
}
