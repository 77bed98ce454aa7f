package dev.feedbackloop.analysis.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.feedbackloop.kernel.analysis.CountedValue;
import dev.feedbackloop.kernel.analysis.FailureClusterChange;
import dev.feedbackloop.kernel.analysis.FailureClusterDetail;
import dev.feedbackloop.kernel.analysis.FailureClusterSummary;
import dev.feedbackloop.kernel.analysis.FailureExample;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A failure cluster (a failure mode of an agent): its size, trend, what it touches and what became of it. */
@Schema(name = "FailureCluster")
public record FailureClusterResponse(String id, String agentId, String label, List<String> topTerms, int size,
                                     @JsonProperty("size_24h") int sizeLast24h, String trend,
                                     List<IntentCount> topIntents, List<VersionCount> topAgentVersions,
                                     Instant firstSeen, Instant lastSeen,
                                     @Schema(allowableValues = {"active", "resolved", "merged", "split"}) String state,
                                     Instant discoveredAt, Instant endedAt, String resolution, String mergedInto,
                                     List<String> splitInto, String splitFrom) {

    static FailureClusterResponse of(FailureClusterSummary c) {
        return new FailureClusterResponse(c.clusterId(), c.agentId(), c.label(), c.topTerms(), c.size(),
                c.sizeLast24h(), c.trend(), IntentCount.of(c.topIntents()), VersionCount.of(c.topAgentVersions()),
                c.firstSeen(), c.lastSeen(), c.state(), c.discoveredAt(), c.endedAt(), c.resolution(), c.mergedInto(),
                c.splitInto(), c.splitFrom());
    }

    /** The clusters found. */
    @Schema(name = "FailureClusters")
    public record Clusters(List<FailureClusterResponse> clusters) {

        static Clusters of(List<FailureClusterSummary> clusters) {
            return new Clusters(clusters.stream().map(FailureClusterResponse::of).toList());
        }
    }

    /** A cluster with its exemplars, up to {@code member_limit} member ids, and its history. */
    @Schema(name = "FailureClusterDetail")
    public record Detail(@JsonUnwrapped FailureClusterResponse cluster, List<Example> exemplars, int memberCount,
                         List<String> memberIds, boolean membersTruncated, List<Change> history) {

        static Detail of(FailureClusterDetail d) {
            return new Detail(FailureClusterResponse.of(d.cluster()), d.exemplars().stream().map(Example::of).toList(),
                    d.memberCount(), d.memberIds(), d.memberIds().size() < d.memberCount(),
                    d.history().stream().map(Change::of).toList());
        }
    }

    /** How often an intent occurs in a cluster. */
    @Schema(name = "FailureClusterIntentCount")
    public record IntentCount(String intentCategory, long count) {

        static List<IntentCount> of(List<CountedValue> values) {
            return values.stream().map(v -> new IntentCount(v.value(), v.count())).toList();
        }
    }

    /** How often an agent version occurs in a cluster. */
    @Schema(name = "FailureClusterVersionCount")
    public record VersionCount(String agentVersion, long count) {

        static List<VersionCount> of(List<CountedValue> values) {
            return values.stream().map(v -> new VersionCount(v.value(), v.count())).toList();
        }
    }

    /** A failure of a cluster, with its text. */
    @Schema(name = "FailureExample")
    public record Example(String feedbackId, Instant timestamp, String text, String intentCategory, String agentVersion) {

        static Example of(FailureExample e) {
            return new Example(e.feedbackId(), e.timestamp(), e.text(), e.intentCategory(), e.agentVersion());
        }
    }

    /** A change in a cluster's history; the fields a change of its type has no value for are left out. */
    @Schema(name = "FailureClusterChange")
    public record Change(String type, Instant at,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer size,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("size_24h") Integer sizeLast24h,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String intoClusterId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<String> intoClusterIds,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Boolean continued,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

        static Change of(FailureClusterChange c) {
            return new Change(c.type(), c.at(), c.size(), c.sizeLast24h(), c.intoClusterId(), c.intoClusterIds(),
                    c.continued(), c.reason());
        }
    }
}
