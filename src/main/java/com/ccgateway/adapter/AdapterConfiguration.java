package com.ccgateway.adapter;

import java.time.Clock;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import com.ccgateway.adapter.command.CommandLanes;

/** What the routes share: the clock, Kafka settings, and the rule that published records carry no exchange headers. */
@Configuration(proxyBeanMethods = false)
public class AdapterConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * For result and event records: only the CloudEvents headers the publishing route sets go out, never a
     * header of a request, a gateway answer or a credential.
     */
    @Bean
    HeaderFilterStrategy cloudEventHeadersOnly() {
        DefaultHeaderFilterStrategy strategy = new DefaultHeaderFilterStrategy();
        strategy.setOutFilterPattern("(?!ce_).*");
        return strategy;
    }

    /** Camel's Kafka settings ({@code camel.component.kafka.*}: brokers, security), for the adapter's own clients. */
    @Bean
    KafkaConfiguration kafkaClientSettings(CamelContext camel) {
        return camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
    }

    /**
     * The topics ({@code cc.topics.*}); the routes read them as placeholders, this checks them at start-up.
     *
     * @param commands   commands in, key = agentId
     * @param results    one result per command, key = agentId
     * @param events     gateway events, key = agentId
     * @param deadLetter records that are not valid commands, as they arrived
     * @param commandIds every commandId taken, written before its gateway call (retention: cc.idempotency.window)
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.topics", ignoreUnknownFields = false)
    public record Topics(@NotBlank String commands, @NotBlank String results, @NotBlank String events,
                         @NotBlank String deadLetter, @NotBlank String commandIds) {
    }

    /**
     * The command consumer ({@code cc.kafka.*}); brokers, security and client settings are Camel's own,
     * under {@code camel.component.kafka.*}.
     *
     * @param groupId     consumer group of every adapter instance
     * @param concurrency commands of different agents running at once per instance (those of one agent run
     *                    one after the other)
     * @param maxInFlight most commands taken and not yet answered per instance: the consumer waits beyond it
     * @param pollTimeout how long a poll waits for records (a record is taken as soon as a poll has it); answered
     *                    commands are committed at most this often
     * @param partitionFetchBytes most bytes fetched from one partition at a time: the commands in flight come
     *                    from as many partitions, and so agents, as this lets in
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.kafka", ignoreUnknownFields = false)
    public record Kafka(@NotBlank String groupId, @DefaultValue("128") @Min(1) int concurrency,
                        @DefaultValue("500") @Min(1) int maxInFlight,
                        @DefaultValue("100ms") @NotNull Duration pollTimeout,
                        @DefaultValue("16384") @Min(1024) int partitionFetchBytes) {
    }

    /** The command consumer subscribes through commandLanes: it gives partitions up once their commands are done. */
    @Bean(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER)
    SubscribeAdapter subscribeAdapter(CommandLanes lanes) {
        return lanes.subscribeAdapter();
    }

    /**
     * CloudEvents attributes of published records ({@code cc.cloudevents.*}); the routes read them as
     * placeholders, this checks them at start-up.
     *
     * @param source {@code ce_source} of every result and event (a URI reference naming this adapter)
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.cloudevents", ignoreUnknownFields = false)
    public record CloudEvents(@NotBlank String source) {
    }
}
