package com.ccgateway.adapter.events;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Hands polled events to the {@code publish-event} route, which writes them to Kafka. */
@Component
public class EventPublisher {

    static final String PUBLISH_EVENT = "direct:publish-event";

    private final ProducerTemplate producer;
    private final Clock clock;
    private final Timer relayDelay;

    public EventPublisher(ProducerTemplate producer, Clock clock, MeterRegistry registry) {
        this.producer = producer;
        this.clock = clock;
        this.relayDelay = Timer.builder("cc.events.relay.delay")
                .description("From a gateway event's generation to its record on the event topic")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * Completes once the event is on the topic, and holds no thread while the broker acknowledges it. A caller
     * sends an agent's next event only after the future completes, so one agent's events keep their order.
     */
    public CompletableFuture<Void> publish(AgentEvent event) {
        return producer.asyncSendBody(PUBLISH_EVENT, event).thenRun(() -> {
            if (event.eventGenTime() != null) {
                relayDelay.record(Duration.between(event.eventGenTime(), clock.instant()));
            }
        });
    }
}
