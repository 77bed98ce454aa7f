package dev.feedbackloop.support.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PeriodicTaskTest {

    @Test
    void aRunThatFailsDoesNotStopTheNextOnesAndStopEndsThem() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("test-task", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the first run fails");
            }
        });
        assertThat(task.isRunning()).isFalse();
        task.start();
        assertThat(task.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        task.stop();
        assertThat(task.isRunning()).isFalse();
        int afterStop = runs.get();
        Thread.sleep(100);
        assertThat(runs.get()).as("no run after stop").isLessThanOrEqualTo(afterStop + 1);
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> new PeriodicTask("bad", Duration.ZERO, () -> { }))
                .hasMessageContaining("bad").hasMessageContaining("positive");
    }
}
