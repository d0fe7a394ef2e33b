package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An adapter that stops closes every Kafka producer it opened (the command-ids repository's among them): none
 * is left sending to a broker the adapter no longer uses.
 */
class AdapterShutdownTest {

    @Test
    void stoppedAdapterLeavesNoKafkaProducerRunning() {
        Set<String> before = producerThreads();
        Set<String> own;
        try (ConfigurableApplicationContext adapter = OwnAdapter.start("shutdown-test", Map.of())) {
            // the command-ids repository opens its producer at start-up
            own = producerThreads().stream().filter(thread -> !before.contains(thread)).collect(Collectors.toSet());
            assertThat(own).isNotEmpty();
        }

        Awaitility.await("the adapter's producers closed").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(producerThreads()).doesNotContainAnyElementsOf(own));
    }

    private static Set<String> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("kafka-producer-network-thread")).collect(Collectors.toSet());
    }
}
