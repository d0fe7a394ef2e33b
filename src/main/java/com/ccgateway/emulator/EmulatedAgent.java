package com.ccgateway.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * One agent's state at the emulated gateway: its session and Guids, its linked phone, and its event
 * queue with at most one poll held open. Every method is synchronized on the agent.
 */
final class EmulatedAgent {

    enum Phone { IDLE, RINGING, TALKING }

    /** How a presented Guid fares: valid, known but past GUIDTIMEOUT, or not this agent's at all. */
    enum GuidCheck { VALID, EXPIRED, UNKNOWN }

    private final String agentId;
    private final EmulatorProperties settings;
    private final Clock clock;
    /** Told of every event queued, for the console. */
    private final Consumer<GatewayEvent> watchers;
    /** Every Guid issued in this session, with when; AUTHMODE 2 accepts each until GUIDTIMEOUT. */
    private final Map<String, Instant> guids = new LinkedHashMap<>();
    private String guid;
    /** The node holding the session; only it knows the session. */
    private String node;
    private int rotations;
    private boolean phoneLinkage;
    private Phone phone = Phone.IDLE;
    private String callId;
    /** Counts rings, so a ring timeout ends only the call it was set for, whatever its call ID. */
    private long rings;
    private Instant signedInAt;
    private Instant lastPollAt;
    private final Deque<GatewayEvent> events = new ArrayDeque<>();
    private DeferredResult<ResponseEntity<GatewayReply>> heldPoll;
    private String heldPollGuid;

    EmulatedAgent(String agentId, EmulatorProperties settings, Clock clock, Consumer<GatewayEvent> watchers) {
        this.agentId = agentId;
        this.settings = settings;
        this.clock = clock;
        this.watchers = watchers;
    }

    synchronized boolean signedIn() {
        return guid != null;
    }

    /** A Guid presented at {@code servingNode} (null: the load balancer could not route the call). */
    synchronized GuidCheck check(String presented, String servingNode) {
        Instant issued = presented == null ? null : guids.get(presented);
        if (guid == null || issued == null || !node.equals(servingNode)) {
            return GuidCheck.UNKNOWN;
        }
        if (settings.authMode() == 2 && !clock.instant().isBefore(issued.plus(settings.guidTimeout()))) {
            return GuidCheck.EXPIRED;
        }
        return GuidCheck.VALID;
    }

    /** Opens a session on the node; returns its Guid. */
    synchronized String signIn(boolean linkage, String onNode) {
        Instant now = clock.instant();
        endHeldPoll();
        node = onNode;
        guids.clear();
        rotations = 0;
        issueGuid(now);
        phoneLinkage = linkage;
        phone = Phone.IDLE;
        callId = null;
        signedInAt = now;
        lastPollAt = now;
        events.clear();
        queue("AgentOther_InService", null);
        queue("AgentState_Ready", null);
        if (linkage) {
            queue("AgentEvent_linkageCapability", Map.of("result", 0));
        }
        return guid;
    }

    synchronized void signOut() {
        guid = null;
        guids.clear();
        phone = Phone.IDLE;
        callId = null;
        events.clear();
        // the poll ends empty; the next one, if any, gets 100-006
        endHeldPoll();
    }

    /** A held poll belongs to the session that ends: it must not carry anything of the next one. */
    private void endHeldPoll() {
        if (heldPoll != null) {
            heldPoll.setResult(ResponseEntity.ok(GatewayReply.noEvent()));
            heldPoll = null;
        }
    }

    /** {@code updateGuid}: a fresh Guid at once, the previous ones still valid until they time out. */
    synchronized String updateGuid() {
        issueGuid(clock.instant());
        rotations++;
        return guid;
    }

    private void issueGuid(Instant now) {
        guid = UUID.randomUUID() + "." + node;
        guids.put(guid, now);
        // timed-out Guids are kept a while, so that they get 000-003 rather than 100-006
        guids.values().removeIf(issued -> now.isAfter(issued.plus(settings.guidTimeout().multipliedBy(2))));
    }

    /** Answers the poll at once with a queued event, or holds it until one is queued or the hold times out. */
    synchronized void poll(DeferredResult<ResponseEntity<GatewayReply>> poll, String presentedGuid) {
        lastPollAt = clock.instant();
        GatewayEvent next = events.poll();
        if (next != null) {
            poll.setResult(pollAnswer(GatewayReply.event(next), presentedGuid));
            return;
        }
        if (heldPoll != null) {
            heldPoll.setResult(pollAnswer(GatewayReply.noEvent(), heldPollGuid));
        }
        heldPoll = poll;
        heldPollGuid = presentedGuid;
        poll.onTimeout(() -> answerHeld(poll, presentedGuid));
        poll.onCompletion(() -> release(poll));
    }

    private synchronized void answerHeld(DeferredResult<ResponseEntity<GatewayReply>> poll, String presentedGuid) {
        poll.setResult(pollAnswer(GatewayReply.noEvent(), presentedGuid));
    }

    private synchronized void release(DeferredResult<ResponseEntity<GatewayReply>> poll) {
        if (heldPoll == poll) {
            heldPoll = null;
        }
    }

    /**
     * AUTHMODE 2: after GUIDINTERVAL the Guid rotates, and every poll answer to a client still presenting an
     * older Guid carries the current one in {@code Set-GUID}, so no rotation is lost with an unanswered poll.
     */
    private ResponseEntity<GatewayReply> pollAnswer(GatewayReply reply, String presentedGuid) {
        Instant now = clock.instant();
        if (settings.authMode() == 2 && guid != null) {
            if (!now.isBefore(guids.get(guid).plus(settings.guidInterval()))) {
                issueGuid(now);
                rotations++;
            }
            if (!guid.equals(presentedGuid)) {
                return ResponseEntity.ok().header(GatewayInterfaceController.SET_GUID, "JSESSIONID=" + guid).body(reply);
            }
        }
        return ResponseEntity.ok(reply);
    }

    /** The seed page's preconditions: phone linkage on and a ringing call. */
    synchronized boolean canAnswerOrReject() {
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

    /** Answers the ringing call: off hook, talking. */
    synchronized void pickUp() {
        phone = Phone.TALKING;
        queue("AgentOther_PhoneOffhook", null);
        queue("AgentEvent_Talking", callId);
    }

    /** Rings the phone; returns the ring's number, or -1 when the agent is not signed in or not idle. */
    synchronized long ring(String newCallId) {
        if (guid == null || phone != Phone.IDLE) {
            return -1;
        }
        phone = Phone.RINGING;
        callId = newCallId;
        queue("AgentOther_PhoneAlerting", null);
        return ++rings;
    }

    /** The ring timeout: a call still ringing is not answered, and the platform releases the phone. */
    synchronized void ringTimedOut(long ring) {
        if (phone == Phone.RINGING && ring == rings) {
            String unanswered = callId;
            phone = Phone.IDLE;
            callId = null;
            queue("AgentEvent_No_Answer", unanswered);
            queue("AgentOther_PhoneRelease", Map.of("phoneState", 3));
        }
    }

    /** Signs out an agent whose client stopped polling, as the gateway does after about 2 minutes. */
    synchronized boolean signOutIfIdle(Instant now) {
        if (guid != null && heldPoll == null && lastPollAt.plus(settings.idleSignOut()).isBefore(now)) {
            signOut();
            return true;
        }
        return false;
    }

    private void queue(String eventType, Object content) {
        GatewayEvent event = new GatewayEvent(eventType, agentId, content, clock.millis());
        watchers.accept(event);
        if (heldPoll != null && heldPoll.setResult(pollAnswer(GatewayReply.event(event), heldPollGuid))) {
            heldPoll = null;
            return;
        }
        events.add(event);
    }

    synchronized AgentView view() {
        return new AgentView(agentId, guid != null, guid == null ? null : node, phoneLinkage, phone, callId,
                events.size(), heldPoll != null, signedInAt, lastPollAt, GuidMask.mask(guid), rotations);
    }

    /** What the control API shows of an agent; the Guid masked. */
    record AgentView(String agentId, boolean signedIn, String node, boolean phoneLinkage, Phone phone, String callId,
                     int queuedEvents, boolean pollHeld, Instant signedInAt, Instant lastPollAt, String guid,
                     int guidRotations) {
    }
}
