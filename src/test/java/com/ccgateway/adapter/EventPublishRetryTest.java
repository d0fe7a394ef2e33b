package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An event the broker does not take is sent again (publish-event's redelivery), not dropped: it reaches the
 * topic once, and the agent's events go on after it.
 */
@AdapterIntegrationTest
class EventPublishRetryTest {

    private final Agents agents = new Agents();

    @Autowired
    private CamelContext camel;

    @Test
    void eventTheBrokerRefusesIsSentAgainAndPublishedOnce() throws Exception {
        String agentId = agents.signedInAgent();
        AtomicInteger refusals = new AtomicInteger(2);
        // one step that fails, as a send to the broker would: the error handler sends the event again from there
        AdviceWith.adviceWith(camel, "publish-event", route -> route.weaveById("event-topic").before()
                .process(exchange -> {
                    if (agentId.equals(exchange.getMessage().getHeader("kafka.KEY")) && refusals.getAndDecrement() > 0) {
                        throw new KafkaException("broker away");
                    }
                }));

        agents.ring(agentId);

        assertThat(refusals.get()).isNegative();
        assertThat(agents.alerts(agentId)).isEqualTo(1);
        // the agent's next events follow it
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
        agents.kafka().awaitEvent(agentId, "AgentOther_PhoneRelease");
    }
}
