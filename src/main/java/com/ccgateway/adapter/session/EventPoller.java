package com.ccgateway.adapter.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOff;

import com.ccgateway.adapter.events.AgentEvent;
import com.ccgateway.adapter.events.EventPublisher;
import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.gateway.GatewayReplies;
import com.ccgateway.adapter.gateway.GatewayReply;

/**
 * Each signed-in agent's event long-poll loop: {@code GET agentevent/{agentId}} with the current Guid,
 * publish the event, take any {@code Set-GUID} as the new Guid, poll again. The polls are asynchronous
 * (Apache HttpClient's async client): a poll held open at the gateway holds no thread here, nor TLS buffers,
 * so thousands of agents need a handful of threads.
 */
@Component
class EventPoller {

    private static final Logger log = LoggerFactory.getLogger(EventPoller.class);

    private final CloseableHttpAsyncClient client;
    private final ExecutorService answers;
    private final ScheduledExecutorService timer;
    private final SessionProperties properties;
    private final GatewayReplies replies;
    private final EventPublisher publisher;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter failedPolls;
    private final BackOff retries;

    EventPoller(@Qualifier("gatewaySsl") SSLContextParameters gatewaySsl,
                CamelContext camel, SessionProperties properties, GatewayReplies replies, EventPublisher publisher,
                Clock clock, MeterRegistry registry) throws GeneralSecurityException, IOException {
        Gauge.builder("cc.polls.in.flight", inFlight, AtomicInteger::get)
                .description("Event polls sent and not yet answered").register(registry);
        this.failedPolls = Counter.builder("cc.polls.failed")
                .description("Event polls that failed without ending the session, or whose event was not published; sent again")
                .register(registry);
        this.retries = new PollRetryBackOff(properties.retryDelay(), properties.maxRetryDelay());
        this.answers = Executors.newFixedThreadPool(properties.pollThreads(), new CustomizableThreadFactory("event-poll-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("event-poll-timer-"));
        // thousands of sessions open their connections at once at start-up: a short connect timeout there fails
        // them all, and their retries fail together again
        Timeout pollTimeout = Timeout.of(properties.pollTimeout());
        this.client = HttpAsyncClients.custom()
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(ClientTlsStrategyBuilder.create()
                                .setSslContext(gatewaySsl.createSSLContext(camel))
                                // a held poll's connection keeps no TLS buffers while it waits
                                .setSslBufferMode(SSLBufferMode.DYNAMIC)
                                .buildAsync())
                        // a connection per held poll: as many as agents, so the pool is never what a poll waits for
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(Integer.MAX_VALUE)
                        .setMaxConnPerRoute(Integer.MAX_VALUE)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(pollTimeout)
                                .setSocketTimeout(pollTimeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(pollTimeout).build())
                // a poll and its answer are a few hundred bytes; the default 8 KB in and out per connection, held
                // by thousands of connections, was a third of the heap
                .setHttp1Config(Http1Config.custom().setBufferSize(2048).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(properties.pollThreads()).build())
                .setThreadFactory(new CustomizableThreadFactory("event-poll-io-"))
                // each poll carries its own agent's cookies; a client certificate must not tie connections to a state
                .disableCookieManagement()
                .disableConnectionState()
                .disableRedirectHandling()
                // a failed poll is sent again by this poller's backoff only, not first by the client itself
                .disableAutomaticRetries()
                .build();
        this.client.start();
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
        SimpleRequestBuilder request = SimpleRequestBuilder.get(
                        session.gateway().resolve("/agentgateway/resource/agentevent/" + session.agentId()))
                .setHeader("Content-Type", "application/json; charset=UTF-8")
                .setHeader("Guid", guid);
        if (session.cookie() != null) {
            request.setHeader("Cookie", session.cookie());
        }
        session.polled(clock.instant());
        inFlight.incrementAndGet();
        send(request.build())
                .whenComplete((response, failure) -> inFlight.decrementAndGet())
                .thenComposeAsync(response -> handle(session, onLoss, response), answers)
                .whenComplete((pause, failure) -> next(session, onLoss, pause, failure));
    }

    private CompletableFuture<SimpleHttpResponse> send(SimpleHttpRequest request) {
        CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
        client.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                answer.complete(response);
            }

            @Override
            public void failed(Exception failure) {
                answer.completeExceptionally(failure);
            }

            @Override
            public void cancelled() {
                answer.cancel(false);
            }
        });
        return answer;
    }

    /** Polls again after {@code pause}, or after a retry's pause when the poll or its event's publishing failed. */
    private void next(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss,
                      Duration pause, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            pause = retryPause(session, cause.toString());
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

    /**
     * The pause after a failed poll, growing while polls fail in a row. Only the first of a run is a warning: a
     * gateway down for thousands of agents would otherwise log thousands of lines on each round of retries.
     */
    private Duration retryPause(AgentSession session, String failure) {
        failedPolls.increment();
        Duration pause = session.pollFailed(retries);
        if (session.failedPolls() == 1) {
            log.warn("Event poll for agent {} failed: {}; polling again in {} ms, then less often while polls fail",
                    session.agentId(), failure, pause.toMillis());
        } else {
            log.debug("Event poll for agent {} failed again ({} in a row): {}; polling again in {} ms",
                    session.agentId(), session.failedPolls(), failure, pause.toMillis());
        }
        return pause;
    }

    /** The pause before the next poll, once the answer's event (if any) is published; null when the session has ended. */
    private CompletionStage<Duration> handle(AgentSession session, BiConsumer<AgentSession, GatewayReply> onLoss,
                                             SimpleHttpResponse response) {
        // a rotated Guid must be in use before anything else is sent for the agent
        Header setGuid = response.getFirstHeader("Set-GUID");
        if (setGuid != null) {
            guidOf(setGuid.getValue()).ifPresent(session::rotate);
        }
        byte[] body = response.getBodyBytes();
        GatewayReply reply = replies.read(response.getCode(),
                body == null ? InputStream.nullInputStream() : new ByteArrayInputStream(body));
        if (!reply.succeeded()) {
            GatewayError error = GatewayError.of(reply);
            if (error.endsSession()) {
                onLoss.accept(session, reply);
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.completedFuture(retryPause(session,
                    error + " " + (reply.answered() ? reply.retcode() : reply.transportFailure())));
        }
        int failedBefore = session.pollAnswered();
        if (failedBefore > 0) {
            log.info("Event polls for agent {} answered again after {} failed", session.agentId(), failedBefore);
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
        client.close(CloseMode.IMMEDIATE);
        answers.shutdownNow();
    }
}
