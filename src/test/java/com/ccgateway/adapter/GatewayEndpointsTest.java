package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.LifecycleStrategySupport;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A burst of first gateway calls, side by side, in an adapter of its own (nothing called the gateway before):
 * the gateway's endpoint, with its truststore, SSL context and connection pool, is made once, not per call.
 */
class GatewayEndpointsTest {

    @Test
    void burstOfFirstCallsMakesOneEndpoint() {
        try (ConfigurableApplicationContext adapter = OwnAdapter.start("endpoints-test", Map.of())) {
            AtomicInteger gatewayEndpointsMade = new AtomicInteger();
            adapter.getBean(CamelContext.class).addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onEndpointAdd(Endpoint endpoint) {
                    if (endpoint.getEndpointUri().startsWith("https:")) {
                        gatewayEndpointsMade.incrementAndGet();
                    }
                }
            });
            HttpTestClient api = HttpTestClient.adapter(OwnAdapter.port(adapter));
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<CompletableFuture<HttpTestClient.Response>> signIns = IntStream.range(0, 16)
                        .mapToObj(i -> Agents.newAgentId())
                        .map(agentId -> CompletableFuture.supplyAsync(() -> api.put("/api/v1/agents/" + agentId + "/session",
                                Map.of("password", "pw", "phoneNumber", "70" + agentId)), clients))
                        .toList();

                assertThat(signIns).allSatisfy(signIn -> assertThat(signIn.join().status()).isEqualTo(200));
                assertThat(gatewayEndpointsMade).hasValue(1);
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
