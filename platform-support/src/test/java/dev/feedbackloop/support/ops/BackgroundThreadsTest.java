package dev.feedbackloop.support.ops;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundThreadsTest {

    @Test
    void backgroundThreadsRunAtTheLowestPriorityAndAreNamedAsAxonNamesItsOwn() throws Exception {
        ScheduledExecutorService pool = BackgroundThreads.scheduledPool(2, "WorkPackage[some-projection]");
        try {
            Thread worker = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(worker.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            assertThat(worker.getName()).startsWith("WorkPackage[some-projection]-").matches(BackgroundThreads.NAMES);
        } finally {
            pool.shutdownNow();
        }
        assertThat("reactor-http-epoll-1").doesNotMatch(BackgroundThreads.NAMES);
        assertThat("interaction-writer-0").doesNotMatch(BackgroundThreads.NAMES);
    }

    @Test
    void aReactorThreadCreatedByABackgroundThreadRunsItsTasksAtNormalPriority() throws Exception {
        BackgroundThreads.keepReactorAtNormalPriority();
        // a scheduler whose first thread a background thread creates: without the hook that thread inherits MIN
        Scheduler scheduler = Schedulers.newSingle("inherits");
        ScheduledExecutorService background = BackgroundThreads.scheduledPool(1, "Coordinator[some-projection]");
        try {
            Integer priority = background.submit(() -> Mono.fromCallable(() -> Thread.currentThread().getPriority())
                    .subscribeOn(scheduler).block(Duration.ofSeconds(10))).get(10, TimeUnit.SECONDS);
            assertThat(priority).isEqualTo(Thread.NORM_PRIORITY);
        } finally {
            background.shutdownNow();
            scheduler.dispose();
        }
    }

    @Test
    void withoutTheJvmFlagTheStartUpLineSaysHowToGetTheLowerPriority() {
        // the tests run without -XX:ThreadPriorityPolicy=1, as a plain `java -jar` does
        assertThat(BackgroundThreads.lowerPriorityInEffect()).isFalse();
        assertThat(BackgroundThreads.describe()).contains(BackgroundThreads.JVM_FLAG).contains("bin/platform");
    }
}
