package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each malformed or out-of-range input gets a specific answer naming the field, never stalls its Kafka
 * partition or crashes a route: the very next valid command on the same partition succeeds.
 */
@AdapterIntegrationTest
class BadInputTest {

    private static final String AGENT = "${agent}";
    private static String agentId;

    @LocalServerPort
    int port;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    static Stream<Arguments> kafkaRecords() {
        return Stream.of(
                Arguments.of("empty record", AGENT, "", "value", "MALFORMED_JSON"),
                Arguments.of("no value", AGENT, null, "value", "MALFORMED_JSON"),
                Arguments.of("not JSON", AGENT, "reject the call please", "value", "MALFORMED_JSON"),
                Arguments.of("truncated JSON", AGENT, "{\"type\":\"REJECT_CALL\",", "value", "MALFORMED_JSON"),
                Arguments.of("a JSON array", AGENT, "[{\"type\":\"REJECT_CALL\"}]", "value", "MALFORMED_JSON"),
                Arguments.of("a JSON number", AGENT, "101", "value", "MALFORMED_JSON"),
                Arguments.of("1 MB of JSON", AGENT, megabyteOfJson(), "value", "TOO_LARGE"),
                Arguments.of("missing type", AGENT, "{\"agentId\":\"" + AGENT + "\"}", "type", "MISSING_FIELD"),
                Arguments.of("unknown type", AGENT, "{\"type\":\"HANG_UP\",\"agentId\":\"" + AGENT + "\"}", "type", "UNKNOWN_TYPE"),
                Arguments.of("type not a string", AGENT, "{\"type\":1,\"agentId\":\"" + AGENT + "\"}", "type", "INVALID_FIELD"),
                Arguments.of("missing agentId", null, "{\"type\":\"REJECT_CALL\"}", "agentId", "MISSING_FIELD"),
                Arguments.of("agentId 100", "100", rejectFor("100"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId 60000", "60000", rejectFor("60000"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId abc", "abc", rejectFor("abc"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId ../101", "../101", rejectFor("../101"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId with a space", " 101", rejectFor(" 101"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId with a newline", "101\n", rejectFor("101\\n"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId of non-ASCII digits", "١٠١", rejectFor("١٠١"), "agentId", "INVALID_FIELD"),
                Arguments.of("agentId a number", AGENT, "{\"type\":\"REJECT_CALL\",\"agentId\":101}", "agentId", "INVALID_FIELD"),
                Arguments.of("key not the agentId", "101", rejectFor(AGENT), "key", "INVALID_FIELD"),
                Arguments.of("no key", null, rejectFor(AGENT), "key", "MISSING_FIELD"),
                Arguments.of("commandId a number", AGENT, "{\"type\":\"REJECT_CALL\",\"agentId\":\"" + AGENT + "\",\"commandId\":7}", "commandId", "INVALID_FIELD"),
                Arguments.of("commandId with spaces", AGENT, "{\"type\":\"REJECT_CALL\",\"agentId\":\"" + AGENT + "\",\"commandId\":\"a b\"}", "commandId", "INVALID_FIELD"),
                Arguments.of("expiresAt not a date", AGENT, "{\"type\":\"REJECT_CALL\",\"agentId\":\"" + AGENT + "\",\"expiresAt\":\"soon\"}", "expiresAt", "INVALID_FIELD"),
                Arguments.of("sign-in without password", AGENT, "{\"type\":\"SIGN_IN\",\"agentId\":\"" + AGENT + "\"}", "password", "MISSING_FIELD"),
                Arguments.of("sign-in with phoneLinkage yes", AGENT, "{\"type\":\"SIGN_IN\",\"agentId\":\"" + AGENT + "\",\"password\":\"p\",\"phoneLinkage\":\"yes\"}", "phoneLinkage", "INVALID_FIELD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaRecords")
    void kafkaRecordIsRejectedAndDeadLetteredAndTheNextCommandSucceeds(String name, String key, String value,
                                                                        String field, String reason) {
        String agent = agent();
        key = key == null ? null : key.replace(AGENT, agent);
        byte[] bytes = value == null ? null : value.replace(AGENT, agent).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(KafkaTestClient.COMMANDS, Agents.partition(agent), key, bytes);
        record.headers().add("X-Sender", "crm".getBytes(StandardCharsets.UTF_8));
        agents.ring(agent);

        RecordMetadata sent = kafka.send(record);
        String nextCommand = Agents.newCommandId();
        kafka.sendCommand(Map.of("type", "REJECT_CALL", "commandId", nextCommand, "agentId", agent));

        String derivedCommandId = sent.topic() + "-" + sent.partition() + "-" + sent.offset();
        JsonNode rejected = kafka.awaitResult(derivedCommandId);
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("error").path("field").asText()).isEqualTo(field);
        assertThat(rejected.path("error").path("reason").asText()).isEqualTo(reason);
        assertThat(rejected.path("error").path("description").asText()).contains(field);
        assertThat(rejected.path("attempts").asInt()).isZero();

        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(sent);
        assertThat(deadLetter.key()).isEqualTo(key);
        if (value != null && value.contains("\"password\"")) {
            // a dead letter never carries a credential: the same command, its password masked
            ObjectNode masked = (ObjectNode) KafkaTestClient.parse(bytes);
            masked.put("password", "****");
            assertThat(KafkaTestClient.parse(deadLetter.value())).isEqualTo(masked);
        } else {
            assertThat(deadLetter.value()).isEqualTo(bytes);
        }
        assertThat(KafkaTestClient.header(deadLetter, "X-Sender")).isEqualTo("crm");
        // the original headers and the dead-letter ones; nothing of the adapter's exchange
        assertThat(deadLetter.headers()).extracting(Header::key).containsExactlyInAnyOrder("X-Sender",
                "dlq.reason", "dlq.exception", "dlq.source.topic", "dlq.source.partition", "dlq.source.offset");
        assertThat(KafkaTestClient.header(deadLetter, "dlq.reason")).startsWith(reason + ": ");
        assertThat(KafkaTestClient.header(deadLetter, "dlq.exception")).isEqualTo("com.ccgateway.adapter.command.InvalidCommandException");
        assertThat(KafkaTestClient.header(deadLetter, "dlq.source.topic")).isEqualTo(KafkaTestClient.COMMANDS);

        JsonNode next = kafka.awaitResult(nextCommand);
        assertThat(next.path("status").asText()).as(next.toString()).isEqualTo("SUCCEEDED");
    }

    static Stream<Arguments> restRequests() {
        return Stream.of(
                Arguments.of("agentId abc", "POST", "/api/v1/agents/abc/reject-call", null, null, "agentId", "INVALID_FIELD"),
                Arguments.of("agentId 100", "POST", "/api/v1/agents/100/reject-call", null, null, "agentId", "INVALID_FIELD"),
                Arguments.of("agentId 60000", "POST", "/api/v1/agents/60000/reject-call", null, null, "agentId", "INVALID_FIELD"),
                Arguments.of("agentId with a space", "POST", "/api/v1/agents/%20101/reject-call", null, null, "agentId", "INVALID_FIELD"),
                Arguments.of("body not JSON", "POST", "/api/v1/agents/" + AGENT + "/reject-call", "{", null, "body", "MALFORMED_JSON"),
                Arguments.of("body an array", "POST", "/api/v1/agents/" + AGENT + "/reject-call", "[]", null, "body", "MALFORMED_JSON"),
                Arguments.of("commandId a number", "POST", "/api/v1/agents/" + AGENT + "/reject-call", "{\"commandId\":7}", null, "commandId", "INVALID_FIELD"),
                Arguments.of("expiresAt not a date", "POST", "/api/v1/agents/" + AGENT + "/reject-call", "{\"expiresAt\":\"soon\"}", null, "expiresAt", "INVALID_FIELD"),
                Arguments.of("Idempotency-Key with spaces", "POST", "/api/v1/agents/" + AGENT + "/reject-call", null, "a b", "commandId", "INVALID_FIELD"),
                Arguments.of("sign-in without password", "PUT", "/api/v1/agents/" + AGENT + "/session", "{\"phoneNumber\":\"7001\"}", null, "password", "MISSING_FIELD"),
                Arguments.of("session of agent abc", "GET", "/api/v1/agents/abc/session", null, null, "agentId", "INVALID_FIELD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restRequests")
    void restRequestGetsAProblemNamingTheFieldAndTheNextCommandSucceeds(String name, String method, String path,
                                                                          String body, String idempotencyKey,
                                                                          String field, String reason) {
        String agent = agent();
        HttpTestClient api = HttpTestClient.adapter(port);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path.replace(AGENT, agent)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }

        HttpTestClient.Response problem = api.send(request);

        assertThat(problem.status()).as(problem.body()).isEqualTo(400);
        assertThat(problem.contentType()).startsWith("application/problem+json");
        assertThat(problem.json().path("status").asInt()).isEqualTo(400);
        assertThat(problem.json().path("field").asText()).isEqualTo(field);
        assertThat(problem.json().path("reason").asText()).isEqualTo(reason);
        assertThat(problem.json().path("detail").asText()).contains(field);

        assertTheNextRestRejectSucceeds(api, agent);
    }

    static Stream<Arguments> restRequestsRefusedByStatus() {
        String rejectCall = "/api/v1/agents/" + AGENT + "/reject-call";
        return Stream.of(
                Arguments.of("wrong Content-Type", "POST", rejectCall, "text/plain", "{}", 415, "Content-Type"),
                Arguments.of("oversized body", "POST", rejectCall, "application/json", megabyteOfJson(), 413, "bytes"),
                Arguments.of("unknown path", "POST", "/api/v1/agents/" + AGENT + "/hang-up", "application/json", "{}", 404, "/hang-up"),
                Arguments.of("wrong method", "PATCH", rejectCall, "application/json", "{}", 405, "PATCH"),
                // refused by Spring Security's firewall before any route sees it
                Arguments.of("agentId with a newline", "POST", "/api/v1/agents/101%0A/reject-call", "application/json", "{}", 400, "%0A"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restRequestsRefusedByStatus")
    void restRequestGetsItsStatusWithAProblemAndTheNextCommandSucceeds(String name, String method, String path,
                                                                         String contentType, String body,
                                                                         int status, String named) {
        String agent = agent();
        HttpTestClient api = HttpTestClient.adapter(port);

        HttpTestClient.Response problem = api.send(HttpRequest.newBuilder(api.uri(path.replace(AGENT, agent)))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));

        assertThat(problem.status()).as(problem.body()).isEqualTo(status);
        assertThat(problem.contentType()).startsWith("application/problem+json");
        assertThat(problem.json().path("status").asInt()).isEqualTo(status);
        assertThat(problem.json().path("detail").asText()).contains(named);

        assertTheNextRestRejectSucceeds(api, agent);
    }

    private void assertTheNextRestRejectSucceeds(HttpTestClient api, String agent) {
        agents.ring(agent);
        HttpTestClient.Response next = api.post("/api/v1/agents/" + agent + "/reject-call", null);
        assertThat(next.status()).as(next.body()).isEqualTo(200);
    }

    /** A valid command padded to 1 MB: far over cc.commands.max-size, under the broker's record limit. */
    private static String megabyteOfJson() {
        return "{\"type\":\"REJECT_CALL\",\"agentId\":\"" + AGENT + "\",\"note\":\"" + "x".repeat(1_000_000) + "\"}";
    }

    private synchronized String agent() {
        if (agentId == null) {
            agentId = agents.signedInAgent();
        }
        return agentId;
    }


    private static String rejectFor(String agentId) {
        return "{\"type\":\"REJECT_CALL\",\"agentId\":\"" + agentId + "\"}";
    }
}
