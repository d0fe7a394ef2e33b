package com.ccgateway.adapter.session;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.annotation.PreDestroy;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.command.Command;
import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.gateway.GatewayReply;

/**
 * The owner of every agent's gateway session: the only holder of Guids. The routes ask it for the
 * current Guid and tell it the outcome of sign-in and sign-out; it runs each agent's event poll.
 */
@Component("agentSessions")
public class AgentSessions {

    private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);

    private final ConcurrentMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final EventPoller poller;
    private final ObjectMapper json;
    private final Clock clock;

    public AgentSessions(EventPoller poller, ObjectMapper json, Clock clock) {
        this.poller = poller;
        this.json = json;
        this.clock = clock;
    }

    /** The Guid to send for the command's agent, or null when the adapter holds no live session for it. */
    public String currentGuid(@ExchangeProperty("command") Command command) {
        AgentSession session = sessions.get(command.agentId());
        return session == null ? null : session.guid();
    }

    /** Notes the call-control command about to be sent, so the events it triggers name it. */
    public void commandSent(@ExchangeProperty("command") Command command) {
        AgentSession session = sessions.get(command.agentId());
        if (session != null) {
            session.commandSent(command.commandId());
        }
    }

    /**
     * The body of {@code PUT onlineagent/{agentId}}: the password goes to the gateway and nowhere else.
     */
    public String signInRequest(@ExchangeProperty("command") Command command) throws JsonProcessingException {
        Command.SignIn signIn = command.signIn();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", signIn.password());
        if (signIn.phoneNumber() != null) {
            body.put("phonenum", signIn.phoneNumber());
        }
        body.put("phonelinkage", signIn.phoneLinkage());
        return json.writeValueAsString(body);
    }

    /** Takes the session a successful sign-in opened (Guid from {@code Set-GUID}) and starts its event poll. */
    public GatewayReply signedIn(@ExchangeProperty("command") Command command,
                                 @Header("Set-GUID") String setGuid, @Body GatewayReply reply) {
        if (!reply.succeeded()) {
            return reply;
        }
        String guid = setGuid == null ? null : EventPoller.guidOf(setGuid).orElse(null);
        if (guid == null) {
            return GatewayReply.transportFailure("the gateway signed the agent in but sent no Set-GUID");
        }
        AgentSession session = new AgentSession(command.agentId(), guid, clock.instant());
        AgentSession previous = sessions.put(command.agentId(), session);
        if (previous != null) {
            previous.signedOut();
        }
        log.info("Agent {} signed in on gateway node {}", command.agentId(), session.node());
        poller.start(session);
        return reply;
    }

    /** Ends the session once the gateway no longer holds it, and with it the event poll. */
    public GatewayReply signedOut(@ExchangeProperty("command") Command command, @Body GatewayReply reply) {
        if (reply.succeeded() || (reply.answered() && GatewayError.of(reply).endsSession())) {
            AgentSession session = sessions.remove(command.agentId());
            if (session != null) {
                session.signedOut();
                log.info("Agent {} signed out", command.agentId());
            }
        }
        return reply;
    }

    public SessionState describe(String agentId) {
        AgentSession session = sessions.get(agentId);
        return session == null ? SessionState.none(agentId) : session.view();
    }

    @PreDestroy
    void stopPolling() {
        sessions.values().forEach(AgentSession::signedOut);
    }
}
