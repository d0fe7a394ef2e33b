package com.ccgateway.emulator;

import static com.ccgateway.emulator.GatewayReply.RetCode.ALREADY_SIGNED_IN;
import static com.ccgateway.emulator.GatewayReply.RetCode.INVALID_PARAMETER;
import static com.ccgateway.emulator.GatewayReply.RetCode.NOT_SIGNED_IN;
import static com.ccgateway.emulator.GatewayReply.RetCode.OPERATION_FAILED;
import static com.ccgateway.emulator.GatewayReply.RetCode.SIGN_IN_PARAMETER_INVALID;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
 * sign-out, event long-polling and phonehangup. Business errors are HTTP 200 with a non-"0" retcode,
 * as the real gateway answers them.
 */
@RestController
@RequestMapping(path = "/agentgateway/resource", produces = "application/json;charset=UTF-8")
class GatewayInterfaceController {

    static final String GUID = "Guid";
    static final String SET_GUID = "Set-GUID";

    private final AgentDirectory agents;
    private final EmulatorProperties properties;

    GatewayInterfaceController(AgentDirectory agents, EmulatorProperties properties) {
        this.agents = agents;
        this.properties = properties;
    }

    /** Sign-in: the Guid comes back in {@code Set-GUID: JSESSIONID=<uuid>.<node>}. */
    @PutMapping("/onlineagent/{agentId}")
    ResponseEntity<GatewayReply> signIn(@PathVariable String agentId,
                                        @RequestBody(required = false) SignIn request) {
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
        String guid = UUID.randomUUID() + "." + properties.nodeName();
        synchronized (agent) {
            if (agent.signedIn()) {
                return ResponseEntity.ok(GatewayReply.failure(ALREADY_SIGNED_IN));
            }
            agent.signIn(guid, Boolean.TRUE.equals(request.phonelinkage()));
        }
        return ResponseEntity.ok()
                .header(SET_GUID, "JSESSIONID=" + guid)
                .body(GatewayReply.success(Map.of(
                        "vdnid", 1, "workno", agentId, "mediatype", "TTF",
                        "loginTime", String.valueOf(System.currentTimeMillis()), "isForceChange", "false",
                        "serverName", "AgentGateway", "timeRemaining", "9")));
    }

    @DeleteMapping("/onlineagent/{agentId}/logout")
    GatewayReply signOut(@PathVariable String agentId, @RequestHeader(name = GUID, required = false) String guid) {
        return withSession(agentId, guid, agent -> {
            agent.signOut();
            return GatewayReply.empty();
        });
    }

    /** The long poll: answered at once when an event is queued, otherwise after {@code emulator.poll-hold}. */
    @GetMapping("/agentevent/{agentId}")
    DeferredResult<GatewayReply> poll(@PathVariable String agentId,
                                      @RequestHeader(name = GUID, required = false) String guid) {
        DeferredResult<GatewayReply> poll = new DeferredResult<>(properties.pollHold().toMillis(), GatewayReply.noEvent());
        GatewayReply refused = withSession(agentId, guid, agent -> {
            agent.poll(poll);
            return null;
        });
        if (refused != null) {
            poll.setResult(refused);
        }
        return poll;
    }

    /** Rejects the ringing call (the seed page): 100-007 without phone linkage or without a ringing call. */
    @PostMapping("/voicecall/{agentId}/phonehangup")
    GatewayReply phoneHangUp(@PathVariable String agentId,
                             @RequestHeader(name = GUID, required = false) String guid) {
        return withSession(agentId, guid, agent -> {
            synchronized (agent) {
                if (!agent.canHangUp()) {
                    return GatewayReply.failure(OPERATION_FAILED);
                }
                agent.hangUp();
            }
            return GatewayReply.empty();
        });
    }

    /** Runs the operation for a signed-in agent presenting its Guid; otherwise the gateway's refusal. */
    private GatewayReply withSession(String agentId, String guid, Function<EmulatedAgent, GatewayReply> operation) {
        Optional<EmulatedAgent> agent = agents.agent(agentId);
        if (agent.isEmpty()) {
            return GatewayReply.failure(INVALID_PARAMETER);
        }
        if (!agent.get().holds(guid)) {
            return GatewayReply.failure(NOT_SIGNED_IN);
        }
        return operation.apply(agent.get());
    }

    /** The sign-in body fields the emulator looks at; others are accepted and ignored. */
    record SignIn(String password, String phonenum, Boolean phonelinkage) {
    }

}
