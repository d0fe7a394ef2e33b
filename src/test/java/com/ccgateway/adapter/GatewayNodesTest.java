package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * The test stack's gateway is a cluster of two nodes behind a load balancer; the adapter knows the URL of
 * {@code AgentGateway0} only. Every call after sign-in must reach the node holding the agent's session:
 * straight at its URL where known, else through the load balancer, always with the sign-in cookie.
 */
@AdapterIntegrationTest
class GatewayNodesTest {

    private final Agents agents = new Agents();

    @Test
    void everyCallOfAnAgentGoesToTheNodeItsGuidNames() {
        Map<String, String> agentByNode = new HashMap<>();
        while (agentByNode.size() < 2) {
            String agentId = agents.signedInAgent();
            agentByNode.putIfAbsent(agents.emulatorView(agentId).path("node").asText(), agentId);
        }

        agentByNode.forEach((node, agentId) -> {
            agents.ring(agentId);
            assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
            String expected = node.equals(LocalStackInitializer.DIRECT_NODE) ? node : "load-balancer";

            List<JsonNode> calls = requests(agentId).stream()
                    .filter(r -> !r.path("path").asText().equals("/agentgateway/resource/onlineagent/" + agentId))
                    .toList();

            assertThat(calls).extracting(r -> r.path("path").asText())
                    .contains("/agentgateway/resource/agentevent/" + agentId,
                            "/agentgateway/resource/voicecall/" + agentId + "/phonehangup");
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.path("reached").asText()).as(call.toString()).isEqualTo(expected);
                assertThat(call.path("headers").path("cookie").asText()).as(call.toString()).isEqualTo("****");
            });
        });
    }

    private List<JsonNode> requests(String agentId) {
        JsonNode requests = agents.emulator().get("/emulator/requests?agentId=" + agentId).json().path("requests");
        return StreamSupport.stream(requests.spliterator(), false).toList();
    }
}
