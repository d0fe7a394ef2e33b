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

    /** The adapter's own events about an agent's session; their types start with {@code Adapter_}. */
    public static AgentEvent adapterEvent(String agentId, String eventType, JsonNode content, Instant at,
                                          String gatewayNode) {
        return new AgentEvent(agentId, eventType, content, at, at, gatewayNode, null);
    }
}
