package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guids and passwords stay inside: the full flows (sign-in through Kafka and REST, rejects while the Guid
 * rotates, gateway failures, a lost session signed in again, bad input carrying a password) run with the
 * adapter, Camel and the HTTP client logging at DEBUG, and neither a Guid nor a password used shows in any
 * log line, result, event, dead letter or REST answer.
 */
@AdapterIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsTest {

    /** A Guid as the emulator issues them: its secret part is the UUID before the node name. */
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.AgentGateway");
    private static final List<String> NOISY = List.of("com.ccgateway", "org.apache.camel", "org.apache.hc.client5");

    @LocalServerPort
    int port;

    @Autowired
    LoggingSystem logging;

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @BeforeEach
    void everythingLogged() {
        NOISY.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
    }

    @AfterEach
    void quietAgain() {
        NOISY.forEach(logger -> logging.setLogLevel(logger, null));
    }

    @Test
    void noGuidOrPasswordLeavesTheAdapter(CapturedOutput output) {
        String kafkaPassword = password();
        String restPassword = password();
        String badInputPassword = password();
        HttpTestClient api = HttpTestClient.adapter(port);

        String viaKafka = Agents.newAgentId();
        String signIn = Agents.newCommandId();
        kafka.sendCommand(Map.of("type", "SIGN_IN", "commandId", signIn, "agentId", viaKafka, "password", kafkaPassword));
        assertThat(kafka.awaitResult(signIn).path("status").asText()).isEqualTo("SUCCEEDED");
        kafka.awaitEvent(viaKafka, "AgentOther_InService");
        String viaRest = Agents.newAgentId();
        assertThat(api.put("/api/v1/agents/" + viaRest + "/session", Map.of("password", restPassword)).status()).isEqualTo(200);

        // rejects across Guid rotations (every second in the test stack), then gateway failures
        for (int i = 0; i < 3; i++) {
            agents.ring(viaKafka);
            assertThat(agents.rejectViaKafka(viaKafka, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
        }
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup", "agentId", viaKafka, "httpStatus", 503, "times", 1));
        agents.rejectViaKafka(viaKafka, Agents.newCommandId());
        // the gateway ends the session: the adapter signs in again with the password it keeps
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup", "agentId", viaKafka, "retcode", "000-003", "times", 1));
        agents.rejectViaKafka(viaKafka, Agents.newCommandId());
        kafka.awaitEvent(viaKafka, "Adapter_SessionRestored");
        assertThat(api.post("/api/v1/agents/" + viaRest + "/reject-call", null).status()).isEqualTo(409);

        // bad input that carries a password: a dead letter through Kafka, a problem through REST
        kafka.send("abc", KafkaTestClient.json(Map.of("type", "SIGN_IN", "agentId", "abc", "password", badInputPassword)));
        HttpTestClient.Response problem = api.put("/api/v1/agents/abc/session", Map.of("password", badInputPassword));
        assertThat(problem.status()).isEqualTo(400);
        kafka.awaitRecord(KafkaTestClient.DEAD_LETTERS, r -> "abc".equals(r.path("agentId").asText()));
        // and records that are not JSON at all: a trailing comma, and a string left open
        String malformedPassword = password();
        String openPassword = password();
        RecordMetadata malformed = kafka.send("abd", "{\"type\":\"SIGN_IN\",\"agentId\":\"abd\",\"password\": \""
                + malformedPassword + "\",}");
        RecordMetadata open = kafka.send("abe", "{\"type\":\"SIGN_IN\",\"agentId\":\"abe\",\"password\":\"" + openPassword);
        assertThat(text(kafka.awaitDeadLetter(malformed))).contains("{\"type\":\"SIGN_IN\",\"agentId\":\"abd\",\"password\": \"****\",}");
        assertThat(text(kafka.awaitDeadLetter(open))).contains("{\"type\":\"SIGN_IN\",\"agentId\":\"abe\",\"password\":\"****\"");

        List<String> passwords = List.of(kafkaPassword, restPassword, badInputPassword, malformedPassword, openPassword);
        String published = String.join("\n", kafka.rawRecords(KafkaTestClient.RESULTS).stream().map(SecretsTest::text).toList())
                + String.join("\n", kafka.rawRecords(KafkaTestClient.EVENTS).stream().map(SecretsTest::text).toList())
                + String.join("\n", kafka.rawRecords(KafkaTestClient.DEAD_LETTERS).stream().map(SecretsTest::text).toList())
                + problem.body();
        assertThat(output.getAll()).as("log lines").contains("Guid: ****.AgentGateway");
        for (String secret : passwords) {
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
            assertThat(published).as("records and answers").doesNotContain(secret);
        }
        assertThat(GUID.matcher(output.getAll()).find()).as("a Guid in the log lines").isFalse();
        assertThat(GUID.matcher(published).find()).as("a Guid in records or answers").isFalse();
    }

    /** Unique and at most 32 characters, as the gateway allows. */
    private static String password() {
        return "pw-" + UUID.randomUUID().toString().substring(0, 18);
    }

    /** A record's value and headers as text. */
    private static String text(ConsumerRecord<String, byte[]> record) {
        StringBuilder text = new StringBuilder(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
        for (Header header : record.headers()) {
            text.append(' ').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
