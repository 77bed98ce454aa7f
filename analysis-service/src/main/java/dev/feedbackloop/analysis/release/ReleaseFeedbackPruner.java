package dev.feedbackloop.analysis.release;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.release.ReleaseSummary;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.ops.PeriodicTask;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;

/**
 * Keeps {@value ReleaseProjection#FEEDBACK} from growing with all feedback ever: every hour it deletes the counters of
 * feedback older (event time) than {@code platform.releases.feedback-retention}, but never of feedback an open
 * release may still fold (none at or after the earliest open release's opening). Deleting is idempotent, so instances
 * that prune side by side do no harm.
 */
@Component
public class ReleaseFeedbackPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReleaseFeedbackPruner.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final ReadModelWriter readModels;
    private final ReleaseProjection releases;
    private final ReleaseSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final PeriodicTask task;

    @org.springframework.beans.factory.annotation.Autowired
    public ReleaseFeedbackPruner(ReadModelWriter readModels, ReleaseProjection releases, ReleaseSettings settings,
                                 Clock clock, PlatformProperties platform) {
        this(readModels, releases, settings, clock, platform.mongo().timeout().multipliedBy(4));
    }

    ReleaseFeedbackPruner(ReadModelWriter readModels, ReleaseProjection releases, ReleaseSettings settings,
                          Clock clock, Duration timeout) {
        this.readModels = readModels;
        this.releases = releases;
        this.settings = settings;
        this.clock = clock;
        this.timeout = timeout;
        this.task = new PeriodicTask("release-feedback-prune", EVERY, this::prune);
    }

    /** The event time before which feedback counters are deleted. */
    Instant cutoff() {
        Instant retained = clock.instant().minus(settings.feedbackRetention());
        Instant earliestOpen = releases.open().map(ReleaseSummary::openedAt)
                .filter(java.util.Objects::nonNull).collectList().block(timeout).stream()
                .min(Comparator.naturalOrder()).orElse(retained);
        return earliestOpen.isBefore(retained) ? earliestOpen : retained;
    }

    /** Answers how many feedback counters it deleted. */
    public long prune() {
        var result = Mono.from(readModels.collection(ReleaseProjection.FEEDBACK)
                .deleteMany(Filters.lt("at", Date.from(cutoff())))).block(timeout);
        long n = result == null ? 0 : result.getDeletedCount();
        if (n > 0) {
            log.info("Pruned the counters of {} feedback no open release needs", n);
        }
        return n;
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
