package com.ccgateway.adapter.command;

import java.time.Instant;
import java.util.Map;

/**
 * A command as a transport delivered it, not yet validated: the entry routes make one, the core route
 * parses it. Nothing here has been trusted yet.
 *
 * @param payload          the JSON bytes (Kafka record value or REST body); may be empty
 * @param payloadName      how errors name the payload: {@code value} (Kafka) or {@code body} (REST)
 * @param fixedFields      fields the transport itself states (REST path and headers); they win over the payload
 * @param key              the Kafka record key, which must agree with {@code agentId}; null for REST
 * @param requestId        this delivery: topic-partition-offset for a Kafka record (the same when it is
 *                         redelivered), a fresh UUID for a REST request; the commandId when the payload has none
 * @param createdAt        when the sender made the command (record timestamp), the start of its time-to-live
 * @param receivedAt       when the adapter took it in
 */
public record CommandRequest(byte[] payload, String payloadName, Map<String, String> fixedFields, String key,
                             String requestId, Instant createdAt, Instant receivedAt) {

    @Override
    public String toString() {
        // the payload may hold a sign-in password
        return "CommandRequest[" + payloadName + "=" + (payload == null ? 0 : payload.length) + " bytes, key=" + key
                + ", requestId=" + requestId + "]";
    }
}
