package com.ccgateway.adapter.session;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One agent's gateway session as the adapter holds it. The Guid is swapped atomically when the gateway
 * rotates it; it never leaves this class except to be sent to the gateway.
 */
final class AgentSession {

    enum State { SIGNED_IN, LOST, SIGNED_OUT }

    private final String agentId;
    private final AtomicReference<String> guid;
    private final Instant signedInAt;
    private volatile State state = State.SIGNED_IN;
    private volatile String lostReason;
    private volatile Instant lastPollAt;
    private volatile Instant lastEventAt;
    private volatile String causationId;

    AgentSession(String agentId, String guid, Instant signedInAt) {
        this.agentId = agentId;
        this.guid = new AtomicReference<>(guid);
        this.signedInAt = signedInAt;
    }

    String agentId() {
        return agentId;
    }

    /** The Guid to send, or null once the session is lost or signed out. */
    String guid() {
        return state == State.SIGNED_IN ? guid.get() : null;
    }

    void rotate(String newGuid) {
        guid.set(newGuid);
    }

    /** The node a Guid names: {@code <uuid>.AgentGateway1} lives on {@code AgentGateway1}. */
    String node() {
        String current = guid.get();
        int dot = current.lastIndexOf('.');
        return dot < 0 ? null : current.substring(dot + 1);
    }

    boolean active() {
        return state == State.SIGNED_IN;
    }

    void lost(String reason) {
        lostReason = reason;
        state = State.LOST;
    }

    void signedOut() {
        state = State.SIGNED_OUT;
    }

    void polled(Instant at) {
        lastPollAt = at;
    }

    /**
     * The reject-call the events now arriving follow. A ringing phone starts a new call and forgets it.
     */
    String causationFor(String eventType, Instant at) {
        lastEventAt = at;
        if ("AgentOther_PhoneAlerting".equals(eventType)) {
            causationId = null;
        }
        return causationId;
    }

    void commandSent(String commandId) {
        causationId = commandId;
    }

    SessionState view() {
        return new SessionState(agentId, state.name(), node(), signedInAt, lastPollAt, lastEventAt, lostReason);
    }
}
