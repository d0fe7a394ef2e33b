package com.ccgateway.adapter.command;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import com.ccgateway.adapter.AdapterConfiguration.Topics;

/**
 * What makes a command reach the gateway at most once, across restarts and instances: every commandId is
 * written to {@code cc.topics.command-ids} before its gateway call ({@link CommandIds}, the repository of the
 * {@code command} route's {@code de-duplicate} step), and every result is read back from the result topic
 * ({@link RecordedResults}).
 */
@Configuration(proxyBeanMethods = false)
public class CommandIdempotency {

    /**
     * {@code cc.idempotency.*}
     *
     * @param window      how far back the result and command-ids topics are read at start-up; keep the
     *                    command-ids topic's retention at least this long. A commandId taken earlier than
     *                    this, or before the newest {@code maxEntries}, is not known any more: its command,
     *                    repeated, runs again (a call-control command that old has expired by then)
     * @param maxEntries  commandIds and results kept in memory, the oldest dropped first
     * @param loadTimeout how long start-up may take to read either topic back before it fails
     */
    @Validated
    @ConfigurationProperties(prefix = "cc.idempotency", ignoreUnknownFields = false)
    public record Settings(
            @DefaultValue("24h") @NotNull Duration window,
            @DefaultValue("100000") @Min(1) int maxEntries,
            @DefaultValue("60s") @NotNull Duration loadTimeout) {
    }

    /**
     * Read back over the window (no further than each partition's newest {@code maxEntries}) while the adapter
     * starts, then followed; each new commandId is written and acknowledged before its gateway call.
     */
    @Bean
    CommandIds commandIds(KafkaConfiguration kafka, Topics topics, Settings settings, Clock clock) {
        return new CommandIds(kafka, topics.commandIds(), settings, clock);
    }

    /**
     * At most {@code maxEntries}, the oldest written dropped first. Every command adds an entry and they live
     * long, so young collections copy them many times: one node per entry here, where Camel's LRU cache keeps
     * four objects per write.
     */
    static <K, V> Map<K, V> oldestDropped(int maxEntries) {
        return Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        });
    }
}
