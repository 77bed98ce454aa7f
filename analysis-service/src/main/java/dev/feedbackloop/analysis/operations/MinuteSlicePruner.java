package dev.feedbackloop.analysis.operations;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.support.ops.PeriodicTask;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;

/** Deletes minute slices past {@code platform.operations.minute-retention}; hour slices stay. */
@Component
public class MinuteSlicePruner implements SmartLifecycle {

    private final ReadModelWriter readModels;
    private final OperationsSettings settings;
    private final Clock clock;
    private final PeriodicTask task;

    public MinuteSlicePruner(ReadModelWriter readModels, OperationsSettings settings, Clock clock) {
        this.readModels = readModels;
        this.settings = settings;
        this.clock = clock;
        this.task = new PeriodicTask("operations-minute-pruner", settings.pruneInterval(), this::prune);
    }

    /** Deletes the minute slices that start before the retention; answers nothing, the next run retries. */
    public void prune() {
        Date before = Date.from(clock.instant().minus(settings.minuteRetention()));
        readModels.delete(OperationsProjection.MINUTES, Filters.lt("start", before));
        readModels.delete(OperationsProjection.MINUTE_SERIES, Filters.lt("start", before));
    }

    @Override
    public void start() {
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
    }

    @Override
    public boolean isRunning() {
        return task.isRunning();
    }
}
