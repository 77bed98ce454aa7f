package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine part of each phase of an improvement cycle: what the cycle saga asks for when a phase starts. Every
 * answer is computed in event time over the given window, so compiling a past week again gives the same answer.
 */
public interface CycleAnalyst {

    /** Monday: incidents, alerts and tickets in [from, to) and the metric deltas of [from, to) against the 7 days before. */
    CycleReview review(String agentId, Instant from, Instant to);

    /** Tuesday: the top problems in [from, to): failure clusters, intents, segments and drifting features, worst first. */
    List<CycleProblem> problems(String agentId, Instant from, Instant to);

    /** Wednesday: open tickets and active failure clusters, ranked by affected volume x severity x trend. */
    List<BacklogItem> backlog(String agentId, Instant from, Instant to);

    /**
     * The version deployed in [from, to) and the one before it, as the feedback shows them (the version that first
     * appears in the window and carries most of its feedback), or empty when the week saw no new version.
     */
    Optional<Deployment> deployment(String agentId, Instant from, Instant to);

    /**
     * Friday: {@code deployed}'s feedback from {@code deployedAt} to {@code to} against {@code previous}'s in the 7
     * days before {@code deployedAt}, each metric with its significance test, and the verdict.
     */
    CycleMeasurement measure(String agentId, String previous, String deployed, Instant deployedAt, Instant to);

    /** Next week's thresholds proposed from the measured baseline of [from, to) (update_success_criteria). */
    Map<String, Double> proposeSuccessCriteria(String agentId, Instant from, Instant to);

    /** A version the week deployed, with the version it replaced (null when the agent had none before). */
    record Deployment(String version, String previousVersion, Instant deployedAt) {
    }
}
