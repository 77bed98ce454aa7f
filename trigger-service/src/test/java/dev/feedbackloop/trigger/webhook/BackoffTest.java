package dev.feedbackloop.trigger.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), bound -> bound);

    @Test
    void theCeilingDoublesFromTheBaseUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        assertThat(new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), bound -> 0).delay(7)).isZero();
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(40));
    }
}
