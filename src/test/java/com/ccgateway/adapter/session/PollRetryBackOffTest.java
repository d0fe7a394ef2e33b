package com.ccgateway.adapter.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/** Polls failing in a row wait twice as long each time, up to the most, each wait plus up to a quarter at random. */
class PollRetryBackOffTest {

    private final BackOff backOff = new PollRetryBackOff(Duration.ofMillis(200), Duration.ofSeconds(1));

    @RepeatedTest(20)
    void doublesUpToTheMostWithAQuarterAtRandom() {
        BackOffExecution pauses = backOff.start();

        List<Long> run = IntStream.range(0, 6).mapToObj(i -> pauses.nextBackOff()).toList();

        List<Long> planned = List.of(200L, 400L, 800L, 1000L, 1000L, 1000L);
        IntStream.range(0, run.size()).forEach(i -> assertThat(run.get(i)).as("pause %d of %s", i + 1, run)
                .isBetween(planned.get(i), planned.get(i) + planned.get(i) / 4));
        // a new run of failures starts from the first pause again
        assertThat(backOff.start().nextBackOff()).isBetween(200L, 250L);
    }
}
