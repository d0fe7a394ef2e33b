package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/**
 * The contracts the adapter serves under /contracts (OpenAPI for REST, AsyncAPI 3 for the topics, JSON
 * Schemas for every payload) cannot drift from the code: real records and answers of the test flows are
 * validated against the schemas, and the documents name every topic and REST operation the adapter has.
 */
@AdapterIntegrationTest
class ContractsTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void everyRecordAndAnswerOfTheFlowsMatchesItsSchema() {
        HttpTestClient api = HttpTestClient.adapter(port);
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        Map<String, Object> reject = Map.of("type", "REJECT_CALL", "commandId", Agents.newCommandId(), "agentId", agentId);
        Map<String, Object> late = Map.of("type", "REJECT_CALL", "commandId", Agents.newCommandId(), "agentId", agentId,
                "expiresAt", Instant.now().minusSeconds(60).toString());
        for (Map<String, Object> command : List.of(reject, late)) {
            assertThat(violations("command.schema.json", KafkaTestClient.parse(KafkaTestClient.json(command)))).isEmpty();
            kafka.sendCommand(command);
            kafka.awaitResult((String) command.get("commandId"));
        }
        kafka.send(agentId, "{\"type\":\"REJECT_CALL\",\"agentId\":\"abc\"}");
        kafka.awaitEvent(agentId, "AgentEvent_No_Answer");
        HttpTestClient.Response answered = api.post("/api/v1/agents/" + agentId + "/answer-call", null);

        // every record on the topics so far, from this class's flows and those of the classes before it
        assertThat(kafka.records(KafkaTestClient.RESULTS, r -> true)).hasSizeGreaterThan(3)
                .allSatisfy(result -> assertThat(violations("result.schema.json", result)).as(result.toString()).isEmpty());
        assertThat(kafka.records(KafkaTestClient.EVENTS, r -> true)).hasSizeGreaterThan(3)
                .allSatisfy(event -> assertThat(violations("event.schema.json", event)).as(event.toString()).isEmpty());
        assertThat(violations("result.schema.json", answered.json())).isEmpty();
    }

    @Test
    void asyncApiNamesEveryTopic() {
        Map<String, Object> asyncApi = document("/contracts/asyncapi.yaml");

        Map<String, Map<String, Object>> channels = get(asyncApi, "channels");
        assertThat(asyncApi.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(channels.values().stream().map(channel -> channel.get("address")))
                .containsExactlyInAnyOrder(KafkaTestClient.COMMANDS, KafkaTestClient.RESULTS, KafkaTestClient.EVENTS,
                        KafkaTestClient.DEAD_LETTERS);
    }

    @Test
    void openApiDescribesEveryRestOperation() {
        Map<String, Object> openApi = document("/contracts/openapi.yaml");

        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = get(openApi, "paths");
        paths.forEach((path, operations) -> operations.keySet().forEach(verb -> documented.add(verb + " " + path)));
        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
            rest.getVerbs().forEach(verb -> served.add(verb.asVerb() + " " + rest.getPath() + verb.getPath()));
        }
        assertThat(documented).isEqualTo(served);
        assertThat(HttpTestClient.adapter(port).as().get("/contracts/result.schema.json").status()).isEqualTo(200);
    }

    private Map<String, Object> document(String path) {
        HttpTestClient.Response served = HttpTestClient.adapter(port).as().get(path);
        assertThat(served.status()).as(path).isEqualTo(200);
        return new Yaml().load(served.body());
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, Object> document, String key) {
        return (T) document.get(key);
    }

    private static Set<ValidationMessage> violations(String schema, JsonNode instance) {
        try (InputStream in = ContractsTest.class.getResourceAsStream("/static/contracts/" + schema)) {
            JsonSchema parsed = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return parsed.validate(instance);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
