package com.ccgateway.adapter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/** The entry routes' adapters: what Kafka or REST delivered, as a {@link CommandRequest} for the core route. */
@Component("commandRequests")
public class CommandRequests {

    private static final String PASSWORD = "password";
    private static final String MASK = "****";
    /** A password key and its value, in text that is not valid JSON: a string (even unterminated) or a bare token. */
    private static final Pattern PASSWORD_IN_TEXT = Pattern.compile(
            "(\"password\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\s]*)", Pattern.CASE_INSENSITIVE);

    private final Clock clock;
    private final ObjectMapper json;

    public CommandRequests(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /**
     * The record's value as it arrived, for the dead-letter topic, except that every password in it is
     * masked: a dead letter must not carry a credential. A value that is not JSON is masked as text: what
     * follows a {@code "password"} key up to the end of its string, or of its token when it is not quoted.
     */
    public byte[] deadLetterValue(@ExchangeProperty("commandRequest") CommandRequest request) {
        byte[] value = request.payload();
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            List<JsonNode> holders = node == null ? List.of() : node.findParents(PASSWORD);
            holders.forEach(holder -> ((ObjectNode) holder).put(PASSWORD, MASK));
            return holders.isEmpty() ? value : json.writeValueAsBytes(node);
        } catch (IOException notJson) {
            String text = new String(value, StandardCharsets.UTF_8);
            Matcher password = PASSWORD_IN_TEXT.matcher(text);
            return password.find() ? password.replaceAll("$1\"" + MASK + "\"").getBytes(StandardCharsets.UTF_8) : value;
        }
    }

    /** A record of the command topic; without a commandId it is identified by topic-partition-offset. */
    public CommandRequest fromKafka(@Body byte[] value, @Header(KafkaConstants.KEY) String key,
                                    @Header(KafkaConstants.TOPIC) String topic,
                                    @Header(KafkaConstants.PARTITION) Integer partition,
                                    @Header(KafkaConstants.OFFSET) Long offset,
                                    @Header(KafkaConstants.TIMESTAMP) Long timestamp) {
        Instant receivedAt = clock.instant();
        return new CommandRequest(value, "value", Map.of(), key, topic + "-" + partition + "-" + offset,
                timestamp == null ? receivedAt : Instant.ofEpochMilli(timestamp), receivedAt);
    }

    /** {@code POST /api/v1/agents/{agentId}/reject-call}, optional body {@code {commandId, expiresAt}}. */
    public CommandRequest rejectCall(@Header("agentId") String agentId,
                                     @Header("Idempotency-Key") String idempotencyKey, @Body byte[] body) {
        return fromRest(CommandType.REJECT_CALL, agentId, idempotencyKey, body);
    }

    /** {@code POST /api/v1/agents/{agentId}/answer-call}, optional body {@code {commandId, expiresAt}}. */
    public CommandRequest answerCall(@Header("agentId") String agentId,
                                     @Header("Idempotency-Key") String idempotencyKey, @Body byte[] body) {
        return fromRest(CommandType.ANSWER_CALL, agentId, idempotencyKey, body);
    }

    /** {@code PUT /api/v1/agents/{agentId}/session}, body {@code {password, phoneNumber, phoneLinkage}}. */
    public CommandRequest signIn(@Header("agentId") String agentId,
                                 @Header("Idempotency-Key") String idempotencyKey, @Body byte[] body) {
        return fromRest(CommandType.SIGN_IN, agentId, idempotencyKey, body);
    }

    /** {@code DELETE /api/v1/agents/{agentId}/session}. */
    public CommandRequest signOut(@Header("agentId") String agentId,
                                  @Header("Idempotency-Key") String idempotencyKey) {
        return fromRest(CommandType.SIGN_OUT, agentId, idempotencyKey, null);
    }

    private CommandRequest fromRest(CommandType type, String agentId, String idempotencyKey, byte[] body) {
        // the path and headers state these; a body cannot override them
        Map<String, String> fixed = new HashMap<>();
        fixed.put("type", type.name());
        fixed.put("agentId", agentId);
        if (idempotencyKey != null) {
            fixed.put("commandId", idempotencyKey);
        }
        Instant now = clock.instant();
        return new CommandRequest(body, "body", fixed, agentId, UUID.randomUUID().toString(), now, now);
    }
}
