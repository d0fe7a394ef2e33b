package com.ccgateway.adapter.session;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.annotation.PreDestroy;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.command.Command;
import com.ccgateway.adapter.command.CommandResult;
import com.ccgateway.adapter.command.CommandStatus;
import com.ccgateway.adapter.command.CommandType;
import com.ccgateway.adapter.events.AgentEvent;
import com.ccgateway.adapter.events.EventPublisher;
import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.gateway.GatewayProperties;
import com.ccgateway.adapter.gateway.GatewayReply;

/**
 * The owner of every agent's gateway session: the only holder of Guids. The routes ask it for the
 * current Guid and tell it the outcome of sign-in, sign-out and every call; it runs each agent's event
 * poll, and when the gateway ends a session it says so on the event topic and, where configured, signs
 * the agent in again.
 */
@Component("agentSessions")
public class AgentSessions {

    /** Adapter event types on the event topic. */
    public static final String SESSION_LOST = "Adapter_SessionLost";
    public static final String SESSION_RESTORED = "Adapter_SessionRestored";
    public static final String SESSION_RESTORE_FAILED = "Adapter_SessionRestoreFailed";

    private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);
    private static final String SIGN_IN_ROUTE = "direct:sign-in";
    private static final String SIGNING_IN_AGAIN = "signingInAgain";

    private final ConcurrentMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final EventPoller poller;
    private final EventPublisher events;
    private final ProducerTemplate routes;
    private final SessionProperties properties;
    private final GatewayProperties gatewayProperties;
    private final ObjectMapper json;
    private final Clock clock;
    /** Where lost sessions are reported and signed in again: never on a poll thread, which every agent shares. */
    private final ExecutorService restores;

    public AgentSessions(EventPoller poller, EventPublisher events, ProducerTemplate routes,
                         SessionProperties properties, GatewayProperties gatewayProperties, ObjectMapper json,
                         Clock clock, MeterRegistry registry) {
        Gauge.builder("cc.sessions.held", sessions, Map::size).description("Agent sessions the adapter holds")
                .register(registry);
        this.poller = poller;
        this.events = events;
        this.routes = routes;
        this.properties = properties;
        this.gatewayProperties = gatewayProperties;
        this.json = json;
        this.clock = clock;
        this.restores = Executors.newFixedThreadPool(properties.restoreThreads(),
                new CustomizableThreadFactory("session-restore-"));
    }

    /** The Guid to send for the command's agent, or null when the adapter holds no live session for it. */
    public String currentGuid(Command command) {
        AgentSession session = sessions.get(command.agentId());
        return session == null ? null : session.guid();
    }

    /** Where the command's call goes: the node holding the agent's session, else the gateway's base URL. */
    public URI gatewayNode(Command command) {
        AgentSession session = sessions.get(command.agentId());
        return session == null ? gatewayProperties.baseUrl() : session.gateway();
    }

    /** The cookies the agent's sign-in answer set, to send back on its calls; null when none. */
    public String cookie(Command command) {
        AgentSession session = sessions.get(command.agentId());
        return session == null ? null : session.cookie();
    }

    /** Notes the call-control command about to be sent, so the events it triggers name it. */
    public void commandSent(@ExchangeProperty("command") Command command) {
        AgentSession session = sessions.get(command.agentId());
        if (session != null) {
            session.commandSent(command.commandId());
        }
    }

    /** Hears every call's reply: one that says the gateway no longer holds the session ends it here too. */
    public GatewayReply checkSession(@ExchangeProperty("command") Command command, @Body GatewayReply reply) {
        AgentSession session = sessions.get(command.agentId());
        if (session != null && reply.answered() && GatewayError.of(reply).endsSession()) {
            sessionLost(session, reply);
        }
        return reply;
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

    /**
     * 100-002 at sign-in is answered with {@code forcelogin} where {@code cc.sessions.force-sign-in} says so,
     * and always when the adapter signs in again: the session the gateway still holds is its own.
     */
    public boolean shouldForceSignIn(@Body GatewayReply reply, @ExchangeProperty(SIGNING_IN_AGAIN) Boolean again) {
        return (properties.forceSignIn() || Boolean.TRUE.equals(again))
                && GatewayError.of(reply) == GatewayError.ALREADY_SIGNED_IN;
    }

    /** Takes the session a successful sign-in opened (Guid from {@code Set-GUID}) and starts its event poll. */
    public GatewayReply signedIn(@ExchangeProperty("command") Command command, @Header("Set-GUID") String setGuid,
                                 @Header("Set-Cookie") Object setCookie, @Body GatewayReply reply) {
        if (!reply.succeeded()) {
            return reply;
        }
        String guid = setGuid == null ? null : EventPoller.guidOf(setGuid).orElse(null);
        if (guid == null) {
            return GatewayReply.transportFailure("the gateway signed the agent in but sent no Set-GUID");
        }
        AgentSession session = new AgentSession(command.agentId(), guid, clock.instant(),
                properties.reSignIn() ? command.signIn() : null, gatewayProperties, cookies(setCookie));
        AgentSession previous = sessions.put(command.agentId(), session);
        if (previous != null) {
            previous.signedOut();
        }
        log.info("Agent {} signed in on gateway node {}", command.agentId(), session.node());
        poller.start(session, this::sessionLost);
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

    /** {@code Set-Cookie} headers (one or several) as a {@code Cookie} header: each cookie's name=value. */
    private static String cookies(Object setCookie) {
        if (setCookie == null) {
            return null;
        }
        Collection<?> headers = setCookie instanceof Collection<?> many ? many : List.of(setCookie);
        String cookie = headers.stream()
                .map(header -> header.toString().split(";", 2)[0].trim())
                .filter(pair -> pair.contains("="))
                .collect(Collectors.joining("; "));
        return cookie.isEmpty() ? null : cookie;
    }

    public SessionState describe(String agentId) {
        AgentSession session = sessions.get(agentId);
        return session == null ? SessionState.none(agentId) : session.view();
    }

    /**
     * The gateway ended the session (a poll or a call was refused for it): say so, and sign in again, on a
     * restore thread: the poll or command that noticed goes on at once.
     */
    private void sessionLost(AgentSession session, GatewayReply reply) {
        GatewayError reason = GatewayError.of(reply);
        if (!session.lost(reason.name())) {
            return;
        }
        log.warn("Agent {} lost its gateway session: {} ({})", session.agentId(), reason, reply.retcode());
        // sent at once, ahead of any event of a session that follows; signing in again waits for it
        announce(session, SESSION_LOST, reason.name(), reply.retcode()).whenCompleteAsync((announced, failure) -> {
            if (session.credentials() != null && sessions.get(session.agentId()) == session) {
                signInAgain(session);
            }
        }, restores);
    }

    /** Runs the sign-in route with the credentials kept in memory, as a SIGN_IN command of the adapter's own. */
    private void signInAgain(AgentSession lost) {
        Instant now = clock.instant();
        Command signIn = new Command("re-sign-in-" + UUID.randomUUID(), CommandType.SIGN_IN, lost.agentId(), null,
                lost.credentials(), now);
        DefaultExchange exchange = new DefaultExchange(routes.getCamelContext());
        exchange.getProperties().putAll(signIn.exchangeProperties());
        exchange.setProperty(SIGNING_IN_AGAIN, true);
        CommandResult result = routes.send(SIGN_IN_ROUTE, exchange).getMessage().getBody(CommandResult.class);
        if (result != null && result.status() == CommandStatus.SUCCEEDED) {
            log.info("Agent {} signed in again", lost.agentId());
            publish(sessions.get(lost.agentId()), SESSION_RESTORED, null, null);
        } else {
            String reason = result == null || result.error() == null ? null : result.error().reason();
            log.warn("Agent {} could not be signed in again: {}", lost.agentId(), reason);
            publish(lost, SESSION_RESTORE_FAILED, reason, result == null ? null : result.retcode());
        }
    }

    /** Returns once the event is on the topic. */
    private void publish(AgentSession session, String eventType, String reason, String retcode) {
        announce(session, eventType, reason, retcode).join();
    }

    private CompletableFuture<Void> announce(AgentSession session, String eventType, String reason, String retcode) {
        ObjectNode content = json.createObjectNode();
        if (reason != null) {
            content.put("reason", reason);
        }
        if (retcode != null) {
            content.put("retcode", retcode);
        }
        return events.publish(AgentEvent.adapterEvent(session.agentId(), eventType, content.isEmpty() ? null : content,
                clock.instant(), session.node()));
    }

    @PreDestroy
    void stopPolling() {
        sessions.values().forEach(AgentSession::signedOut);
        restores.shutdownNow();
    }
}
