package com.ccgateway.adapter.session;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import com.ccgateway.adapter.command.Command;
import com.ccgateway.adapter.gateway.GatewayProperties;

/**
 * One agent's gateway session as the adapter holds it. The Guid is swapped atomically when the gateway
 * rotates it; it never leaves this class except to be sent to the gateway.
 */
final class AgentSession {

    enum State { SIGNED_IN, LOST, SIGNED_OUT }

    private final String agentId;
    private final AtomicReference<String> guid;
    private final Instant signedInAt;
    /** Kept only to sign in again after the gateway ends the session; null unless that is configured. */
    private final Command.SignIn credentials;
    /** Where this session's calls go: the node its Guid names, where that node's URL is known. */
    private final URI gateway;
    /** The cookies of the sign-in answer, returned on every call; null when there were none. */
    private final String cookie;
    private final AtomicReference<State> state = new AtomicReference<>(State.SIGNED_IN);
    private volatile String lostReason;
    private volatile Instant lastPollAt;
    private volatile Instant lastEventAt;
    private volatile String causationId;
    /** The backoff of the polls failing in a row now, null while polls are answered; one poll at a time writes it. */
    private volatile BackOffExecution pollRetries;
    private volatile int failedPolls;

    AgentSession(String agentId, String guid, Instant signedInAt, Command.SignIn credentials,
                 GatewayProperties gatewayProperties, String cookie) {
        this.agentId = agentId;
        this.guid = new AtomicReference<>(guid);
        this.signedInAt = signedInAt;
        this.credentials = credentials;
        this.gateway = gatewayProperties.urlOf(node());
        this.cookie = cookie;
    }

    URI gateway() {
        return gateway;
    }

    String cookie() {
        return cookie;
    }

    Command.SignIn credentials() {
        return credentials;
    }

    String agentId() {
        return agentId;
    }

    /** The Guid to send, or null once the session is lost or signed out. */
    String guid() {
        return active() ? guid.get() : null;
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
        return state.get() == State.SIGNED_IN;
    }

    /** Marks the session lost; true only for the first to notice, so a loss is handled once. */
    boolean lost(String reason) {
        if (state.compareAndSet(State.SIGNED_IN, State.LOST)) {
            lostReason = reason;
            return true;
        }
        return false;
    }

    void signedOut() {
        state.set(State.SIGNED_OUT);
    }

    void polled(Instant at) {
        lastPollAt = at;
    }

    /** One more poll failed in a row: the pause before the next, from {@code backOff} started at the first. */
    Duration pollFailed(BackOff backOff) {
        if (pollRetries == null) {
            pollRetries = backOff.start();
        }
        failedPolls++;
        return Duration.ofMillis(pollRetries.nextBackOff());
    }

    /** Polls failed in a row now. */
    int failedPolls() {
        return failedPolls;
    }

    /** A poll was answered: ends a run of failed polls, and says how many failed in it. */
    int pollAnswered() {
        int failed = failedPolls;
        pollRetries = null;
        failedPolls = 0;
        return failed;
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
        return new SessionState(agentId, state.get().name(), node(), signedInAt, lastPollAt, lastEventAt, lostReason);
    }
}
