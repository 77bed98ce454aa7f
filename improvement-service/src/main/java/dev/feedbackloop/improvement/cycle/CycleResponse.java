package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.ImprovementCycleView;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An improvement cycle as the API shows it. {@code phase} is the last phase started (null before the review),
 * {@code phase_started_at} maps each started phase to when it started; what a phase has not produced yet is null;
 * the backlog is in its current order with each item's decision, the linked work each ticket or test case once in its
 * latest state.
 */
@Schema(name = "ImprovementCycle")
public record CycleResponse(String id, String agentId, String week, String zone, Instant startsAt, Instant endsAt,
                            Instant openedAt, @Schema(allowableValues = {"open", "closed"}) String state,
                            @Schema(allowableValues = {"review", "deep_dive", "prioritization", "implementation",
                                    "measurement"}) String phase,
                            Map<String, Instant> phaseStartedAt, Review review, List<Note> notes,
                            List<Problem> problems, List<BacklogEntry> backlog, List<Work> linkedWork,
                            Dataset dataset, Deployment deployment, Measurement measurement,
                            SuccessCriteria successCriteria, Instant closedAt) {

    static CycleResponse of(ImprovementCycleView v) {
        return new CycleResponse(v.cycleId(), v.agentId(), v.week(), v.zone(), v.startsAt(), v.endsAt(), v.openedAt(),
                v.closedAt() == null ? "open" : "closed", v.phase(), v.phaseStartedAt(), Review.of(v.review()),
                v.notes().stream().map(Note::of).toList(),
                v.problems() == null ? null : v.problems().stream().map(Problem::of).toList(),
                v.backlog() == null ? null : BacklogEntry.of(v.backlog()),
                v.work().stream().map(Work::of).toList(),
                v.dataset() == null ? null : Dataset.of(v.dataset()),
                v.deployment() == null ? null : Deployment.of(v.deployment()),
                Measurement.of(v.measurement()),
                new SuccessCriteria(v.proposedCriteria(), v.criteriaProposedAt(), v.acceptedCriteria(),
                        v.criteriaAcceptedBy(), v.criteriaAcceptedAt()),
                v.closedAt());
    }

    /** Monday's review: what happened in [from, to) and the week-over-week metric deltas. */
    @Schema(name = "CycleReview")
    public record Review(Instant from, Instant to, List<String> incidentIds, long alertsRaised, long ticketsOpened,
                         long ticketsResolved, List<Delta> deltas) {

        static Review of(CycleReview r) {
            return r == null ? null : new Review(r.from(), r.to(), r.incidentIds() == null ? List.of() : r.incidentIds(),
                    r.alertsRaised(), r.ticketsOpened(), r.ticketsResolved(),
                    r.deltas() == null ? List.of() : r.deltas().stream().map(Delta::of).toList());
        }
    }

    /** A metric over two weeks, with how much feedback each value rests on. */
    @Schema(name = "CycleMetricDelta")
    public record Delta(String metric, Double previous, Double current, Double change, long previousCount,
                        long currentCount) {

        static Delta of(MetricDelta d) {
            return new Delta(d.metric(), d.previous(), d.current(), d.change(), d.previousCount(), d.currentCount());
        }
    }

    /** A triage note. */
    @Schema(name = "CycleNote")
    public record Note(String noteId, String author, String text, Instant at) {

        static Note of(ImprovementCycleView.Note n) {
            return new Note(n.noteId(), n.author(), n.text(), n.at());
        }
    }

    /** One of the deep-dive's top problems (kind failure_cluster, intent, segment or drift). */
    @Schema(name = "CycleProblem")
    public record Problem(String kind, String key, String label, long volume, String metric, Double value,
                          Double change) {

        static Problem of(CycleProblem p) {
            return new Problem(p.kind(), p.key(), p.label(), p.volume(), p.metric(), p.value(), p.change());
        }
    }

    /** A backlog item at its current position (0 is the top), scored affected volume x severity x trend. */
    @Schema(name = "CycleBacklogItem")
    public record BacklogEntry(int position, String itemId, String kind, String refId, String title,
                               long affectedVolume, double severity, double trend, double score,
                               @Schema(allowableValues = {"accepted", "dropped"}) String decision) {

        static List<BacklogEntry> of(List<BacklogItem> items) {
            List<BacklogEntry> out = new ArrayList<>(items.size());
            for (BacklogItem i : items) {
                out.add(new BacklogEntry(out.size(), i.itemId(), i.kind(), i.refId(), i.title(), i.affectedVolume(),
                        i.severity(), i.trend(), i.score(), i.decision()));
            }
            return out;
        }
    }

    /** A ticket or test case linked to the cycle, in its latest state. */
    @Schema(name = "CycleWork")
    public record Work(@Schema(allowableValues = {"ticket", "test_case"}) String kind, String workId, String state,
                       Instant at) {

        static Work of(ImprovementCycleView.Work w) {
            return new Work(w.kind(), w.workId(), w.state(), w.at());
        }
    }

    /** The evaluation dataset version the implementation phase produced. */
    @Schema(name = "CycleDataset")
    public record Dataset(String datasetId, int version, int testCases, Instant at) {

        static Dataset of(ImprovementCycleView.Dataset d) {
            return new Dataset(d.datasetId(), d.version(), d.testCases(), d.at());
        }
    }

    /** The version deployed during the week ({@code by} is feedback when the feedback showed it). */
    @Schema(name = "CycleDeployment")
    public record Deployment(String version, String previousVersion, Instant deployedAt, String by, Instant at) {

        static Deployment of(ImprovementCycleView.Deployment d) {
            return new Deployment(d.version(), d.previousVersion(), d.deployedAt(), d.by(), d.at());
        }
    }

    /** Friday's measurement of the deployed version against the previous one. */
    @Schema(name = "CycleMeasurement")
    public record Measurement(String previousVersion, String deployedVersion,
                              @Schema(allowableValues = {"improved", "no_measurable_change", "worse",
                                      "insufficient_data"}) String verdict,
                              List<Comparison> comparisons) {

        static Measurement of(CycleMeasurement m) {
            return m == null ? null : new Measurement(m.previousVersion(), m.deployedVersion(), m.verdict(),
                    m.comparisons() == null ? List.of() : m.comparisons().stream().map(Comparison::of).toList());
        }
    }

    /** A metric of the deployed version against the previous one, with its significance test. */
    @Schema(name = "CycleMetricComparison")
    public record Comparison(String metric,
                             @Schema(allowableValues = {"two_proportion_z", "mann_whitney_u"}) String test,
                             Double before, Double after, long beforeCount, long afterCount, Double statistic,
                             Double pValue, boolean significant) {

        static Comparison of(MetricComparison c) {
            return new Comparison(c.metric(), c.test(), c.before(), c.after(), c.beforeCount(), c.afterCount(),
                    c.statistic(), c.pValue(), c.significant());
        }
    }

    /** The thresholds proposed at close and those a person accepted, by metric name. */
    @Schema(name = "CycleSuccessCriteria")
    public record SuccessCriteria(Map<String, Double> proposed, Instant proposedAt, Map<String, Double> accepted,
                                  String acceptedBy, Instant acceptedAt) {
    }
}
