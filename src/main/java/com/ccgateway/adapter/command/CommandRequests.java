package com.ccgateway.adapter.command;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/** The entry routes' adapters: what Kafka or REST delivered, as a {@link CommandRequest} for the core route. */
@Component("commandRequests")
public class CommandRequests {

    private final Clock clock;

    public CommandRequests(Clock clock) {
        this.clock = clock;
    }

    /** A record of the command topic; without a commandId it is identified by topic-partition-offset. */
    public CommandRequest fromKafka(@Body byte[] value, @Header(KafkaConstants.KEY) String key,
                                    @Header(KafkaConstants.TOPIC) String topic,
                                    @Header(KafkaConstants.PARTITION) Integer partition,
                                    @Header(KafkaConstants.OFFSET) Long offset,
                                    @Header(KafkaConstants.TIMESTAMP) Long timestamp) {
        Instant receivedAt = clock.instant();
        return new CommandRequest(value, "value", null, Map.of(), key, topic + "-" + partition + "-" + offset,
                timestamp == null ? receivedAt : Instant.ofEpochMilli(timestamp), receivedAt);
    }

    /** {@code POST /api/v1/agents/{agentId}/reject-call}, optional body {@code {commandId, expiresAt}}. */
    public CommandRequest rejectCall(@Header("agentId") String agentId,
                                     @Header("Idempotency-Key") String idempotencyKey,
                                     @Header(Exchange.CONTENT_TYPE) String contentType, @Body byte[] body) {
        return fromRest(CommandType.REJECT_CALL, agentId, idempotencyKey, contentType, body);
    }

    /** {@code POST /api/v1/agents/{agentId}/answer-call}, optional body {@code {commandId, expiresAt}}. */
    public CommandRequest answerCall(@Header("agentId") String agentId,
                                     @Header("Idempotency-Key") String idempotencyKey,
                                     @Header(Exchange.CONTENT_TYPE) String contentType, @Body byte[] body) {
        return fromRest(CommandType.ANSWER_CALL, agentId, idempotencyKey, contentType, body);
    }

    /** {@code PUT /api/v1/agents/{agentId}/session}, body {@code {password, phoneNumber, phoneLinkage}}. */
    public CommandRequest signIn(@Header("agentId") String agentId,
                                 @Header("Idempotency-Key") String idempotencyKey,
                                 @Header(Exchange.CONTENT_TYPE) String contentType, @Body byte[] body) {
        return fromRest(CommandType.SIGN_IN, agentId, idempotencyKey, contentType, body);
    }

    /** {@code DELETE /api/v1/agents/{agentId}/session}. */
    public CommandRequest signOut(@Header("agentId") String agentId,
                                  @Header("Idempotency-Key") String idempotencyKey) {
        return fromRest(CommandType.SIGN_OUT, agentId, idempotencyKey, null, null);
    }

    private CommandRequest fromRest(CommandType type, String agentId, String idempotencyKey, String contentType,
                                    byte[] body) {
        // the path and headers state these; a body cannot override them
        Map<String, String> fixed = new HashMap<>();
        fixed.put("type", type.name());
        fixed.put("agentId", agentId);
        if (idempotencyKey != null) {
            fixed.put("commandId", idempotencyKey);
        }
        Instant now = clock.instant();
        return new CommandRequest(body, "body", contentType, fixed, null, UUID.randomUUID().toString(), now, now);
    }
}
