package com.ccgateway.adapter.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The pauses before polling again after polls that failed in a row: Spring's exponential backoff from
 * {@code cc.sessions.retry-delay}, doubling up to {@code cc.sessions.max-retry-delay}, each plus up to a quarter
 * at random, so that thousands of agents whose polls failed together (a gateway restarting) do not all poll
 * again at the same moment.
 */
final class PollRetryBackOff implements BackOff {

    private final ExponentialBackOff exponential;

    PollRetryBackOff(Duration first, Duration max) {
        exponential = new ExponentialBackOff(first.toMillis(), 2);
        exponential.setMaxInterval(max.toMillis());
    }

    @Override
    public BackOffExecution start() {
        BackOffExecution pauses = exponential.start();
        return () -> {
            long pause = pauses.nextBackOff();
            return pause + ThreadLocalRandom.current().nextLong(pause / 4 + 1);
        };
    }
}
