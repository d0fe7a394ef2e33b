package com.ccgateway.adapter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

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
    /**
     * A password key and its value, in text that is not valid JSON: a string (even unterminated) or a bare token
     * up to the next comma or brace. Possessive: a long value does not recurse once per character.
     */
    private static final Pattern PASSWORD_IN_TEXT = Pattern.compile(
            "(\"password\"\\s*+:\\s*+)(?:\"(?:[^\"\\\\]++|\\\\.)*+\"?|[^,}]*+)", Pattern.CASE_INSENSITIVE);

    private final Clock clock;
    private final ObjectMapper json;

    public CommandRequests(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /**
     * The record's value as it arrived, for the dead-letter topic, except that every password in it is
     * masked: a dead letter must not carry a credential. In JSON, every field named password (in any case) at
     * any depth, and a string that mentions one whole. In text that is not JSON, what follows a
     * {@code "password"} key up to the end of its string, or of its bare token; where a password shows in
     * any other form, the whole value.
     */
    public byte[] deadLetterValue(@ExchangeProperty("commandRequest") CommandRequest request) {
        byte[] value = request.payload();
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            if (node == null) {
                return value;
            }
            JsonNode original = node.deepCopy();
            JsonNode masked = masked(node);
            return masked.equals(original) ? value : json.writeValueAsBytes(masked);
        } catch (IOException notJson) {
            String text = new String(value, StandardCharsets.UTF_8);
            String masked = maskedText(text);
            // bytes that are not even UTF-8 stay as they came, unless something in them was masked
            return masked == text ? value : masked.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode masked(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name,
                    PASSWORD.equalsIgnoreCase(name) ? TextNode.valueOf(MASK) : masked(object.get(name))));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, masked(array.get(i)));
            }
            return array;
        }
        return node.isTextual() && mentionsPassword(node.textValue()) ? TextNode.valueOf(MASK) : node;
    }

    private static String maskedText(String text) {
        if (!mentionsPassword(text)) {
            return text;
        }
        try {
            int[] masked = {0};
            String result = PASSWORD_IN_TEXT.matcher(text).replaceAll(match -> {
                masked[0]++;
                return Matcher.quoteReplacement(match.group(1) + "\"" + MASK + "\"");
            });
            // every mention of a password is one just masked, or none of the value is kept
            return occurrences(result) == masked[0] ? result : MASK;
        } catch (StackOverflowError escapes) {
            // thousands of escapes in one string: the pattern recurses once for each
            return MASK;
        }
    }

    private static boolean mentionsPassword(String text) {
        return text.toLowerCase(Locale.ROOT).contains(PASSWORD);
    }

    private static int occurrences(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int count = 0;
        for (int at = lower.indexOf(PASSWORD); at >= 0; at = lower.indexOf(PASSWORD, at + 1)) {
            count++;
        }
        return count;
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
