package com.ccgateway.emulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The emulator's control API: ring an agent's phone, look at agents and their events, list recent gateway requests, inject faults. */
@RestController
@RequestMapping("/emulator")
class ControlApiController {

    private final AgentDirectory agents;
    private final RequestJournal journal;
    private final Faults faults;
    private final GatewayNodes nodes;
    private final EventStream eventStream;
    private final AtomicLong calls = new AtomicLong();

    ControlApiController(AgentDirectory agents, RequestJournal journal, Faults faults, GatewayNodes nodes,
                         EventStream eventStream) {
        this.agents = agents;
        this.eventStream = eventStream;
        this.journal = journal;
        this.faults = faults;
        this.nodes = nodes;
    }

    /** Rings the agent's linked phone: queues {@code AgentOther_PhoneAlerting}; unanswered, it ends after the ring timeout. */
    @PostMapping("/agents/{agentId}/incoming-call")
    ResponseEntity<?> incomingCall(@PathVariable String agentId, @RequestBody(required = false) IncomingCall call) {
        String callId = call != null && call.callId() != null && !call.callId().isBlank()
                ? call.callId()
                : System.currentTimeMillis() / 1000 + "-" + calls.incrementAndGet();
        EmulatedAgent agent = agents.existing(agentId).orElse(null);
        if (agent == null || !agents.ring(agent, callId)) {
            return problem(HttpStatus.CONFLICT, "Agent " + agentId + " is not signed in, or its phone is not idle");
        }
        return ResponseEntity.ok(agent.view());
    }

    @GetMapping("/agents")
    Map<String, List<EmulatedAgent.AgentView>> agents() {
        return Map.of("agents", agents.views());
    }

    /** Every event the gateway queues from now on, as server-sent events named {@code gateway-event}. */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() {
        return eventStream.watch();
    }

    @GetMapping("/agents/{agentId}")
    ResponseEntity<?> agent(@PathVariable String agentId) {
        return agents.existing(agentId)
                .<ResponseEntity<?>>map(agent -> ResponseEntity.ok(agent.view()))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "The emulator has never seen agent " + agentId));
    }

    @GetMapping("/requests")
    Map<String, List<RequestJournal.Entry>> requests(@RequestParam(required = false) String agentId) {
        return Map.of("requests", journal.entries(agentId));
    }

    /** Signs the agent out at the gateway behind its client's back, as a supervisor or a node failure would. */
    @PostMapping("/agents/{agentId}/sign-out")
    ResponseEntity<?> forceSignOut(@PathVariable String agentId) {
        EmulatedAgent agent = agents.existing(agentId).orElse(null);
        if (agent == null) {
            return problem(HttpStatus.NOT_FOUND, "The emulator has never seen agent " + agentId);
        }
        agent.signOut();
        return ResponseEntity.ok(agent.view());
    }

    /** A cluster's nodes and their ports; empty for a single node. */
    @GetMapping("/nodes")
    Map<String, Map<String, Integer>> nodes() {
        return Map.of("nodes", nodes.ports());
    }

    @PostMapping("/faults")
    Faults.Fault addFault(@RequestBody Faults.Fault fault) {
        return faults.add(fault);
    }

    @GetMapping("/faults")
    Map<String, List<Faults.Fault>> faults() {
        return Map.of("faults", faults.list());
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> resetFaults() {
        faults.reset();
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    record IncomingCall(String callId) {
    }
}
