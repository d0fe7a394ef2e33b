package com.ccgateway.adapter.command;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

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

    private final Clock clock;
    private final ObjectMapper json;

    public CommandRequests(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /**
     * The record's value as it arrived, for the dead-letter topic, except that a sign-in's password is
     * masked: a dead letter must not carry a credential.
     */
    public byte[] deadLetterValue(@ExchangeProperty("commandRequest") CommandRequest request) {
        byte[] value = request.payload();
        try {
            JsonNode node = value == null ? null : json.readTree(value);
            if (node instanceof ObjectNode command && command.has("password")) {
                command.put("password", "****");
                return json.writeValueAsBytes(command);
            }
        } catch (IOException notJson) {
            // nothing to mask in what cannot be read as a command
        }
        return value;
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
        return new CommandRequest(body, "body", fixed, null, UUID.randomUUID().toString(), now, now);
    }
}
