package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.http.HttpMethods;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway gets exactly the request its interface defines: {@code POST .../voicecall/{agentId}/phonehangup},
 * {@code Content-Type}, {@code Guid} and the sign-in cookie, an empty body, and only the transport headers of
 * HTTP/1.1 itself.
 * No Kafka, REST or Camel header leaks through.
 */
@AdapterIntegrationTest
class GatewayRequestHeadersTest {

    /** content-type, guid and the sign-in cookie, plus what HTTP/1.1 and the client add of themselves; nothing else. */
    private static final Set<String> EXPECTED = Set.of("content-type", "guid", "cookie",
            "content-length", "host", "connection", "user-agent", "accept-encoding");

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final Agents agents = new Agents();

    @Test
    void kafkaCommandReachesTheGatewayWithOnlyTheInterfacesHeaders() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        String commandId = Agents.newCommandId();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackInitializer.stack().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(KafkaTestClient.COMMANDS, agentId,
                    KafkaTestClient.json(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId)));
            record.headers().add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
            record.headers().add("X-Sender", "crm".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        assertThat(agents.kafka().awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");

        assertOnlyInterfaceHeaders(phoneHangUp(agentId));
    }

    @Test
    void restCommandReachesTheGatewayWithOnlyTheInterfacesHeaders() {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        HttpTestClient api = HttpTestClient.adapter(port);

        HttpTestClient.Response rejected = api.send(HttpRequest.newBuilder(api.uri("/api/v1/agents/" + agentId + "/reject-call"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", Agents.newCommandId())
                .header("X-Forwarded-For", "10.0.0.1")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertOnlyInterfaceHeaders(phoneHangUp(agentId));
    }

    /**
     * The method header is the enum camel-http reads: a String, or camel-http-common's enum of the same name, would
     * send every gateway call through a search of Camel's type converters (4 % of the adapter's CPU under load).
     */
    @Test
    void gatewayMethodIsCamelHttpsOwnEnum() throws Exception {
        String agentId = agents.signedInAgent();
        List<Object> methods = new CopyOnWriteArrayList<>();
        AdviceWith.adviceWith(camel, "gateway-attempt", route -> route.weaveById("gateway-request").before()
                .filter(route.simple("${exchangeProperty.agentId} == '" + agentId + "'"))
                .process(exchange -> methods.add(exchange.getMessage().getHeader(Exchange.HTTP_METHOD))));
        agents.ring(agentId);
        String commandId = Agents.newCommandId();

        agents.kafka().sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));

        assertThat(agents.kafka().awaitResult(commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(methods).singleElement().isSameAs(HttpMethods.POST);
    }

    private JsonNode phoneHangUp(String agentId) {
        JsonNode requests = agents.emulator().get("/emulator/requests?agentId=" + agentId).json().path("requests");
        List<JsonNode> hangUps = StreamSupport.stream(requests.spliterator(), false)
                .filter(r -> r.path("path").asText().endsWith("/phonehangup"))
                .toList();
        assertThat(hangUps).hasSize(1);
        return hangUps.get(0);
    }

    private static void assertOnlyInterfaceHeaders(JsonNode request) {
        assertThat(request.path("method").asText()).isEqualTo("POST");
        assertThat(request.path("path").asText())
                .isEqualTo("/agentgateway/resource/voicecall/" + request.path("agentId").asText() + "/phonehangup");
        JsonNode headers = request.path("headers");
        Set<String> names = new HashSet<>();
        headers.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(headers.toString()).isEqualTo(EXPECTED);
        assertThat(headers.path("content-type").asText()).isEqualTo("application/json; charset=UTF-8");
        assertThat(headers.path("guid").asText()).matches("\\*{4}\\.AgentGateway[01]");
        assertThat(headers.path("content-length").asText()).isEqualTo("0");
    }
}
