package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;
import org.junit.jupiter.api.Test;

import com.ccgateway.adapter.AdapterConfiguration.Topics;
import com.ccgateway.adapter.LocalStackInitializer;

/**
 * A commandId whose write to the command-ids topic the broker refuses is not kept as taken: the command was
 * never sent, and read again it must be sent then, not answered {@code OUTCOME_UNKNOWN}.
 */
class CommandIdsTest {

    @Test
    void commandIdTheBrokerRefusedIsNotTaken() throws Exception {
        KafkaConfiguration kafka = new KafkaConfiguration();
        kafka.setBrokers(LocalStackInitializer.stack().bootstrapServers());
        // every record is too large for it: the producer refuses each write, as a broker away would in the end
        kafka.setMaxRequestSize(1);
        String commandId = "refused-" + UUID.randomUUID();

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // the repository as the adapter makes it
            KafkaIdempotentRepository commandIds = new CommandIdempotency().commandIds(kafka,
                    new Topics("commands", "results", "events", "dead-letter", "cc.agent.command-ids"),
                    new CommandIdempotency.Settings(Duration.ofHours(24), 100, Duration.ofSeconds(60)));
            commandIds.setCamelContext(camel);
            commandIds.start();
            try {
                assertThatThrownBy(() -> commandIds.add(commandId)).isInstanceOf(RuntimeCamelException.class);
                assertThat(commandIds.contains(commandId)).isFalse();
            } finally {
                commandIds.stop();
            }
        }
    }
}
