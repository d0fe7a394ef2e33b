package com.ccgateway.adapter.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What {@code GET /api/v1/agents/{agentId}/session} shows: the session's state, never its Guid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionState(String agentId, String state, String gatewayNode, Instant signedInAt,
                           Instant lastPollAt, Instant lastEventAt, String lostReason) {

    static SessionState none(String agentId) {
        return new SessionState(agentId, AgentSession.State.SIGNED_OUT.name(), null, null, null, null, null);
    }
}
