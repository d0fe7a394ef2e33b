package com.ccgateway.adapter.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One gateway event, as published on {@code cc.agent.events} (key = agentId).
 *
 * @param content      as the gateway sent it: null, an object or a string
 * @param eventGenTime when the gateway raised it
 * @param receivedAt   when the adapter polled it
 * @param gatewayNode  the gateway node holding the agent's session
 * @param causationId  the reject-call this event follows, if any
 */
public record AgentEvent(String agentId, String eventType, JsonNode content, Instant eventGenTime,
                         Instant receivedAt, String gatewayNode, String causationId) {
}
