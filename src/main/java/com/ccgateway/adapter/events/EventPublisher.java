package com.ccgateway.adapter.events;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Hands polled events to the {@code publish-event} route, which writes them to Kafka. */
@Component
public class EventPublisher {

    static final String PUBLISH_EVENT = "direct:publish-event";

    private final ProducerTemplate producer;

    public EventPublisher(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Returns once the event is on the topic, so one agent's events keep their order. */
    public void publish(AgentEvent event) {
        producer.sendBody(PUBLISH_EVENT, event);
    }
}
