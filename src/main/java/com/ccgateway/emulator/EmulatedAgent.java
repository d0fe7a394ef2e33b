package com.ccgateway.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.springframework.web.context.request.async.DeferredResult;

/**
 * One agent's state at the emulated gateway: its session (Guid), its linked phone, and its event queue
 * with at most one poll held open. Every method is synchronized on the agent.
 */
final class EmulatedAgent {

    enum Phone { IDLE, RINGING, TALKING }

    private final String agentId;
    private String guid;
    private boolean phoneLinkage;
    private Phone phone = Phone.IDLE;
    private String callId;
    private Instant signedInAt;
    private Instant lastPollAt;
    private final Deque<GatewayEvent> events = new ArrayDeque<>();
    private DeferredResult<GatewayReply> heldPoll;

    EmulatedAgent(String agentId) {
        this.agentId = agentId;
    }

    synchronized boolean signedIn() {
        return guid != null;
    }

    synchronized boolean holds(String presentedGuid) {
        return guid != null && guid.equals(presentedGuid);
    }

    synchronized void signIn(String newGuid, boolean linkage) {
        guid = newGuid;
        phoneLinkage = linkage;
        phone = Phone.IDLE;
        callId = null;
        signedInAt = Instant.now();
        events.clear();
        queue("AgentOther_InService", null);
        queue("AgentState_Ready", null);
        if (linkage) {
            queue("AgentEvent_linkageCapability", Map.of("result", 0));
        }
    }

    synchronized void signOut() {
        guid = null;
        phone = Phone.IDLE;
        callId = null;
        events.clear();
        if (heldPoll != null) {
            // the poll ends empty; the next one, if any, gets 100-006
            heldPoll.setResult(GatewayReply.noEvent());
            heldPoll = null;
        }
    }

    /** Answers the poll at once with a queued event, or holds it until one is queued or the hold times out. */
    synchronized void poll(DeferredResult<GatewayReply> poll) {
        lastPollAt = Instant.now();
        GatewayEvent next = events.poll();
        if (next != null) {
            poll.setResult(GatewayReply.event(next));
            return;
        }
        if (heldPoll != null) {
            heldPoll.setResult(GatewayReply.noEvent());
        }
        heldPoll = poll;
        poll.onCompletion(() -> release(poll));
    }

    private synchronized void release(DeferredResult<GatewayReply> poll) {
        if (heldPoll == poll) {
            heldPoll = null;
        }
    }

    /** The seed page's preconditions: phone linkage on and a ringing call. */
    synchronized boolean canHangUp() {
        return phoneLinkage && phone == Phone.RINGING;
    }

    /** Rejects the ringing call: the phone is released by the agent, and the call was not answered. */
    synchronized void hangUp() {
        String rejected = callId;
        phone = Phone.IDLE;
        callId = null;
        queue("AgentOther_PhoneRelease", Map.of("phoneState", 2));
        queue("AgentEvent_No_Answer", rejected);
    }

    synchronized boolean ring(String newCallId) {
        if (guid == null || phone != Phone.IDLE) {
            return false;
        }
        phone = Phone.RINGING;
        callId = newCallId;
        queue("AgentOther_PhoneAlerting", null);
        return true;
    }

    private void queue(String eventType, Object content) {
        GatewayEvent event = new GatewayEvent(eventType, agentId, content, System.currentTimeMillis());
        if (heldPoll != null && heldPoll.setResult(GatewayReply.event(event))) {
            heldPoll = null;
            return;
        }
        events.add(event);
    }

    synchronized AgentView view() {
        return new AgentView(agentId, guid != null, phoneLinkage, phone, callId, events.size(), heldPoll != null,
                signedInAt, lastPollAt, GuidMask.mask(guid));
    }

    /** What the control API shows of an agent; the Guid masked. */
    record AgentView(String agentId, boolean signedIn, boolean phoneLinkage, Phone phone, String callId,
                     int queuedEvents, boolean pollHeld, Instant signedInAt, Instant lastPollAt, String guid) {
    }
}
