package com.ccgateway.emulator;

import static com.ccgateway.emulator.GatewayReply.RetCode.ALREADY_SIGNED_IN;
import static com.ccgateway.emulator.GatewayReply.RetCode.AUTH_EXPIRED;
import static com.ccgateway.emulator.GatewayReply.RetCode.INVALID_PARAMETER;
import static com.ccgateway.emulator.GatewayReply.RetCode.NOT_SIGNED_IN;
import static com.ccgateway.emulator.GatewayReply.RetCode.OPERATION_FAILED;
import static com.ccgateway.emulator.GatewayReply.RetCode.SIGN_IN_PARAMETER_INVALID;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The CC-Gateway agent interface ({@code gateway-api.md}, {@code seed-rejecting-a-call.txt}): sign-in,
 * forced sign-in, Guid update, sign-out, event long-polling, phonehangup and phonepickup. Business errors
 * are HTTP 200 with a non-"0" retcode, as the real gateway answers them.
 */
@RestController
@RequestMapping(path = "/agentgateway/resource", produces = "application/json;charset=UTF-8")
class GatewayInterfaceController {

    static final String GUID = "Guid";
    static final String SET_GUID = "Set-GUID";

    private final AgentDirectory agents;
    private final GatewayNodes nodes;
    private final EmulatorProperties properties;

    GatewayInterfaceController(AgentDirectory agents, GatewayNodes nodes, EmulatorProperties properties) {
        this.agents = agents;
        this.nodes = nodes;
        this.properties = properties;
    }

    /** Sign-in: the Guid comes back in {@code Set-GUID: JSESSIONID=<uuid>.<node>}; 100-002 when signed in. */
    @PutMapping("/onlineagent/{agentId}")
    ResponseEntity<GatewayReply> signIn(@PathVariable String agentId, @RequestBody(required = false) SignIn request,
                                        HttpServletRequest http) {
        return signIn(agentId, request, false, http);
    }

    /** Forced sign-in: ends the agent's current session, if any, and opens a new one. */
    @PutMapping("/onlineagent/{agentId}/forcelogin")
    ResponseEntity<GatewayReply> forceSignIn(@PathVariable String agentId, @RequestBody(required = false) SignIn request,
                                             HttpServletRequest http) {
        return signIn(agentId, request, true, http);
    }

    /** The session lives on one node; the {@code AGW_NODE} cookie keeps the load balancer sending calls there. */
    private ResponseEntity<GatewayReply> signIn(String agentId, SignIn request, boolean force, HttpServletRequest http) {
        Optional<EmulatedAgent> found = agents.agent(agentId);
        if (found.isEmpty()) {
            return ResponseEntity.ok(GatewayReply.failure(INVALID_PARAMETER));
        }
        if (request == null || request.password() == null || request.password().isBlank()
                || request.password().length() > 32
                || (request.phonenum() != null && request.phonenum().length() > 24)) {
            return ResponseEntity.ok(GatewayReply.failure(SIGN_IN_PARAMETER_INVALID));
        }
        EmulatedAgent agent = found.get();
        String node = nodes.nodeForSignIn(http);
        String guid;
        synchronized (agent) {
            if (agent.signedIn() && !force) {
                return ResponseEntity.ok(GatewayReply.failure(ALREADY_SIGNED_IN));
            }
            guid = agent.signIn(Boolean.TRUE.equals(request.phonelinkage()), node);
        }
        return ResponseEntity.ok()
                .header(SET_GUID, "JSESSIONID=" + guid)
                .header(HttpHeaders.SET_COOKIE, GatewayNodes.COOKIE + "=" + node + "; Path=/agentgateway; Secure; HttpOnly")
                .body(GatewayReply.success(Map.of(
                        "vdnid", 1, "workno", agentId, "mediatype", "TTF",
                        "loginTime", String.valueOf(System.currentTimeMillis()), "isForceChange", "false",
                        "serverName", "AgentGateway", "timeRemaining", "9")));
    }

    /** A fresh Guid in {@code result.guid}; the previous one stays valid until it times out. */
    @PutMapping("/onlineagent/{agentId}/updateGuid")
    GatewayReply updateGuid(@PathVariable String agentId, @RequestHeader(name = GUID, required = false) String guid,
                            HttpServletRequest http) {
        return withSession(agentId, guid, http, agent -> GatewayReply.success(Map.of("guid", agent.updateGuid())));
    }

    @DeleteMapping("/onlineagent/{agentId}/logout")
    GatewayReply signOut(@PathVariable String agentId, @RequestHeader(name = GUID, required = false) String guid,
                         HttpServletRequest http) {
        return withSession(agentId, guid, http, agent -> {
            agent.signOut();
            return GatewayReply.empty();
        });
    }

    /** The long poll: answered at once when an event is queued, otherwise after {@code emulator.poll-hold}. */
    @GetMapping("/agentevent/{agentId}")
    DeferredResult<ResponseEntity<GatewayReply>> poll(@PathVariable String agentId,
                                                      @RequestHeader(name = GUID, required = false) String guid,
                                                      HttpServletRequest http) {
        DeferredResult<ResponseEntity<GatewayReply>> poll = new DeferredResult<>(properties.pollHold().toMillis());
        GatewayReply refused = withSession(agentId, guid, http, agent -> {
            agent.poll(poll, guid);
            return null;
        });
        if (refused != null) {
            poll.setResult(ResponseEntity.ok(refused));
        }
        return poll;
    }

    /** Rejects the ringing call (the seed page): 100-007 without phone linkage or without a ringing call. */
    @PostMapping("/voicecall/{agentId}/phonehangup")
    GatewayReply phoneHangUp(@PathVariable String agentId, @RequestHeader(name = GUID, required = false) String guid,
                             HttpServletRequest http) {
        return callControl(agentId, guid, http, EmulatedAgent::hangUp);
    }

    /** Answers the ringing call, with the same preconditions and errors as phonehangup. */
    @PostMapping("/voicecall/{agentId}/phonepickup")
    GatewayReply phonePickUp(@PathVariable String agentId, @RequestHeader(name = GUID, required = false) String guid,
                             HttpServletRequest http) {
        return callControl(agentId, guid, http, EmulatedAgent::pickUp);
    }

    private GatewayReply callControl(String agentId, String guid, HttpServletRequest http,
                                     Consumer<EmulatedAgent> operation) {
        return withSession(agentId, guid, http, agent -> {
            synchronized (agent) {
                if (!agent.canAnswerOrReject()) {
                    return GatewayReply.failure(OPERATION_FAILED);
                }
                operation.accept(agent);
            }
            return GatewayReply.empty();
        });
    }

    /**
     * Runs the operation for a signed-in agent presenting a valid Guid at the node holding its session.
     * Otherwise the gateway's refusal: 100-006 for a Guid that is not the agent's or a node that does not
     * hold the session, 000-003 for a Guid past GUIDTIMEOUT.
     */
    private GatewayReply withSession(String agentId, String guid, HttpServletRequest http,
                                     Function<EmulatedAgent, GatewayReply> operation) {
        Optional<EmulatedAgent> agent = agents.agent(agentId);
        if (agent.isEmpty()) {
            return GatewayReply.failure(INVALID_PARAMETER);
        }
        return switch (agent.get().check(guid, nodes.nodeFor(http, guid).orElse(null))) {
            case UNKNOWN -> GatewayReply.failure(NOT_SIGNED_IN);
            case EXPIRED -> GatewayReply.failure(AUTH_EXPIRED);
            case VALID -> operation.apply(agent.get());
        };
    }

    /** The sign-in body fields the emulator looks at; others are accepted and ignored. */
    record SignIn(String password, String phonenum, Boolean phonelinkage) {
    }
}
