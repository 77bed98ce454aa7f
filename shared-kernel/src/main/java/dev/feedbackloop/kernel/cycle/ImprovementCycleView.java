package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An improvement cycle as the API shows it. {@code phase} is the last phase started (null before Monday's review);
 * {@code phaseStartedAt} maps each started phase's wire name to when it started; {@code backlog} is in its current
 * order with each item's decision; {@code work} holds each linked ticket or test case once, in its latest state;
 * {@code closedAt} is null while the cycle is open.
 */
public record ImprovementCycleView(String cycleId, String agentId, String week, String zone, Instant startsAt,
                                   Instant endsAt, Instant openedAt, String phase, Map<String, Instant> phaseStartedAt,
                                   CycleReview review, List<Note> notes, List<CycleProblem> problems,
                                   List<BacklogItem> backlog, List<Work> work, Dataset dataset, Deployment deployment,
                                   CycleMeasurement measurement, Map<String, Double> proposedCriteria,
                                   Instant criteriaProposedAt, Map<String, Double> acceptedCriteria,
                                   String criteriaAcceptedBy, Instant criteriaAcceptedAt, Instant closedAt) {

    /** A triage note. */
    public record Note(String noteId, String author, String text, Instant at) {
    }

    /** A ticket or test case linked to the cycle (kind ticket | test_case), in its latest state. */
    public record Work(String kind, String workId, String state, Instant at) {
    }

    /** The evaluation dataset version the cycle's implementation phase produced. */
    public record Dataset(String datasetId, int version, int testCases, Instant at) {
    }

    /** The version deployed during the week (by = feedback when the feedback showed it). */
    public record Deployment(String version, String previousVersion, Instant deployedAt, String by, Instant at) {
    }
}
