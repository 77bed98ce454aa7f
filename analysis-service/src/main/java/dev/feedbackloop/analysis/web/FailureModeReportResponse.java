package dev.feedbackloop.analysis.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.feedbackloop.kernel.analysis.FailureClusterSummary;
import dev.feedbackloop.kernel.analysis.FailureModeOfWeek;
import dev.feedbackloop.kernel.analysis.FailureModeReport;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The weekly failure-mode report (the specification's {@code failure_mode_clustering}): the modes active in the week
 * and what happened to each, with the ids of those new, resolved, merged and split.
 */
@Schema(name = "FailureModeReport")
public record FailureModeReportResponse(@Schema(allowableValues = "failure_mode_clustering") String report,
                                        String week, Instant from, Instant to, String agentId, Summary summary,
                                        List<Mode> modes, @JsonProperty("new") List<String> discovered,
                                        List<String> resolved, List<Merge> merged, List<Split> split) {

    static final String REPORT = "failure_mode_clustering";

    static FailureModeReportResponse of(FailureModeReport r) {
        List<Mode> modes = new ArrayList<>();
        List<String> discovered = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        List<Merge> merged = new ArrayList<>();
        List<Split> split = new ArrayList<>();
        for (FailureModeOfWeek m : r.modes()) {
            String id = m.cluster().clusterId();
            modes.add(Mode.of(m));
            if (m.discovered()) {
                discovered.add(id);
            }
            if (m.resolved()) {
                resolved.add(id);
            }
            if (m.mergedInto() != null) {
                merged.add(new Merge(id, m.mergedInto()));
            }
            if (m.splitInto() != null) {
                split.add(new Split(id, m.splitInto()));
            }
        }
        Summary summary = new Summary(modes.size(), discovered.size(), resolved.size(), merged.size(), split.size());
        return new FailureModeReportResponse(REPORT, r.week(), r.from(), r.to(), r.agentId(), summary, modes, discovered,
                resolved, merged, split);
    }

    /** How many modes were active in the week, and how many of them are new, resolved, merged and split. */
    @Schema(name = "FailureModeReportSummary")
    public record Summary(int activeModes, @JsonProperty("new") int discovered, int resolved, int merged, int split) {
    }

    /** A mode of the week: its size in the week, its peak day and what happened to it. */
    @Schema(name = "FailureModeOfWeek")
    public record Mode(String id, String agentId, String label, List<String> topTerms, int size,
                       @JsonProperty("peak_size_24h") int peakSizeLast24h, String state,
                       @Schema(allowableValues = {"new", "merged", "resolved", "split", "ongoing"}) String thisWeek,
                       Instant firstSeen, Instant lastSeen, List<FailureClusterResponse.IntentCount> topIntents,
                       List<FailureClusterResponse.VersionCount> topAgentVersions,
                       List<FailureClusterResponse.Example> examples) {

        static Mode of(FailureModeOfWeek m) {
            FailureClusterSummary c = m.cluster();
            String thisWeek = m.discovered() ? "new" : m.mergedInto() != null ? "merged" : m.resolved() ? "resolved"
                    : "split".equals(m.state()) ? "split" : "ongoing";
            return new Mode(c.clusterId(), c.agentId(), c.label(), c.topTerms(), m.size(), m.peakSizeLast24h(),
                    m.state(), thisWeek, c.firstSeen(), c.lastSeen(),
                    FailureClusterResponse.IntentCount.of(c.topIntents()),
                    FailureClusterResponse.VersionCount.of(c.topAgentVersions()),
                    m.examples().stream().map(FailureClusterResponse.Example::of).toList());
        }
    }

    /** A mode merged into another. */
    @Schema(name = "FailureModeMerge")
    public record Merge(String id, String into) {
    }

    /** A mode split into others. */
    @Schema(name = "FailureModeSplit")
    public record Split(String id, List<String> into) {
    }
}
