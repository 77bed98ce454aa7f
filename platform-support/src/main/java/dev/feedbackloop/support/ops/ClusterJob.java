package dev.feedbackloop.support.ops;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * A job that runs every {@code interval} on exactly one instance of a cluster: a db-scheduler recurring task, declared
 * as a bean, in the {@code scheduled_tasks} table of the event store's database that all instances share. Whichever
 * instance picks the due execution runs it; the others do not. A run cut off by a crash is taken over once its
 * heartbeats stop ({@code db-scheduler.missed-heartbeats-limit}), and the next run's time survives restarts. As with
 * a {@link PeriodicTask}, the interval counts from the end of the previous run, the first run comes one interval after
 * the job is first known to the cluster, and a run that throws is logged and tried again at the next interval.
 * <p>
 * For work that must not be done twice at once (clustering, opening cycles, measuring judges); per-instance
 * housekeeping that is idempotent and cheap stays a {@link PeriodicTask}.
 */
public final class ClusterJob {

    private static final Logger log = LoggerFactory.getLogger(ClusterJob.class);

    private ClusterJob() {
    }

    /** @param name the task's name in {@code scheduled_tasks}: keep it stable across versions */
    public static RecurringTask<Void> every(String name, Duration interval, Runnable job) {
        return Tasks.recurring(name, new AfterEachRun(interval)).execute((instance, context) -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; the next run tries again: {}", name, e.toString());
            }
        });
    }

    /** Every {@code interval} after the previous run ended (db-scheduler's FixedDelay, but waiting before the first). */
    record AfterEachRun(Duration interval) implements Schedule {

        AfterEachRun {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a cluster job's interval must be positive, was " + interval);
            }
        }

        @Override
        public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
            return executionComplete.getTimeDone().plus(interval);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
