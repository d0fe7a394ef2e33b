package com.ccgateway.adapter.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.events.AgentEvent;
import com.ccgateway.adapter.events.EventPublisher;
import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.gateway.GatewayReplies;
import com.ccgateway.adapter.gateway.GatewayReply;

/**
 * Each signed-in agent's event long-poll loop: {@code GET agentevent/{agentId}} with the current Guid,
 * publish the event, take any {@code Set-GUID} as the new Guid, poll again. The polls are asynchronous:
 * a poll held open at the gateway holds no thread here, so thousands of agents need a handful of threads.
 */
@Component
class EventPoller {

    private static final Logger log = LoggerFactory.getLogger(EventPoller.class);

    private final HttpClient client;
    private final ExecutorService answers;
    private final ExecutorService connections;
    private final ScheduledExecutorService timer;
    private final SessionProperties properties;
    private final GatewayReplies replies;
    private final EventPublisher publisher;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();

    EventPoller(@Qualifier("gatewaySsl") SSLContextParameters gatewaySsl,
                CamelContext camel, SessionProperties properties, GatewayReplies replies, EventPublisher publisher,
                Clock clock, MeterRegistry registry) throws GeneralSecurityException, IOException {
        Gauge.builder("cc.polls.in.flight", inFlight, AtomicInteger::get)
                .description("Event polls sent and not yet answered").register(registry);
        this.answers = Executors.newFixedThreadPool(properties.pollThreads(), new CustomizableThreadFactory("event-poll-"));
        // the client's own work (TLS handshakes, reading answers) never waits behind an answer being published
        this.connections = Executors.newFixedThreadPool(properties.pollThreads(), new CustomizableThreadFactory("event-poll-io-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("event-poll-timer-"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(gatewaySsl.createSSLContext(camel))
                // thousands of sessions open their connections at once at start-up: a short connect timeout
                // there fails them all, and their retries fail together again
                .connectTimeout(properties.pollTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(connections)
                .build();
        this.properties = properties;
        this.replies = replies;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Polls until the session ends; {@code onLoss} hears of a poll the gateway refused for the session. */
    void start(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss) {
        poll(session, onLoss);
    }

    private void poll(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss) {
        String guid = session.guid();
        if (guid == null) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        session.gateway().resolve("/agentgateway/resource/agentevent/" + session.agentId()))
                .timeout(properties.pollTimeout())
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Guid", guid)
                .GET();
        if (session.cookie() != null) {
            request.header("Cookie", session.cookie());
        }
        session.polled(clock.instant());
        inFlight.incrementAndGet();
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, failure) -> inFlight.decrementAndGet())
                .thenComposeAsync(response -> handle(session, onLoss, response), answers)
                .whenComplete((pause, failure) -> next(session, onLoss, pause, failure));
    }

    /** Polls again after {@code pause}, or after the retry delay when the poll or its event's publishing failed. */
    private void next(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss,
                      Duration pause, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            log.warn("Event poll for agent {} failed: {}", session.agentId(), cause.toString());
            pause = properties.retryDelay();
        }
        if (pause == null || !session.active()) {
            return;
        }
        if (pause.isZero()) {
            poll(session, onLoss);
        } else {
            timer.schedule(() -> poll(session, onLoss), pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The pause before the next poll, once the answer's event (if any) is published; null when the session has ended. */
    private CompletionStage<Duration> handle(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss,
                                             HttpResponse<byte[]> response) {
        // a rotated Guid must be in use before anything else is sent for the agent
        response.headers().firstValue("Set-GUID").flatMap(EventPoller::guidOf).ifPresent(session::rotate);
        GatewayReply reply = replies.read(response.statusCode(), new ByteArrayInputStream(response.body()));
        if (!reply.succeeded()) {
            GatewayError error = GatewayError.of(reply);
            if (error.endsSession()) {
                onLoss.accept(session, reply);
                return CompletableFuture.completedFuture(null);
            }
            log.warn("Event poll for agent {} failed: {} {}", session.agentId(), error,
                    reply.answered() ? reply.retcode() : reply.transportFailure());
            return CompletableFuture.completedFuture(properties.retryDelay());
        }
        JsonNode event = reply.event();
        if (event == null) {
            return CompletableFuture.completedFuture(properties.pollDelay());
        }
        // more may be queued: drain them, without a pause, once this one is on the topic
        return publisher.publish(toAgentEvent(session, event)).thenApply(published -> Duration.ZERO);
    }

    private AgentEvent toAgentEvent(AgentSession session, JsonNode event) {
        Instant receivedAt = clock.instant();
        String eventType = event.path("eventType").asText();
        JsonNode generated = event.get("eventGenTime");
        JsonNode content = event.get("content");
        return new AgentEvent(session.agentId(), eventType,
                content == null || content.isNull() ? null : content,
                generated != null && generated.canConvertToLong() ? Instant.ofEpochMilli(generated.asLong()) : null,
                receivedAt, session.node(), session.causationFor(eventType, receivedAt));
    }

    /** {@code Set-GUID: JSESSIONID=<uuid>.<node>}: the Guid is everything after {@code JSESSIONID=}, kept as is. */
    static Optional<String> guidOf(String setGuid) {
        String value = setGuid.trim();
        int start = value.indexOf("JSESSIONID=");
        if (start >= 0) {
            value = value.substring(start + "JSESSIONID=".length());
        }
        int end = value.indexOf(';');
        value = (end < 0 ? value : value.substring(0, end)).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        answers.shutdownNow();
        connections.shutdownNow();
    }
}
