package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.analysis.CountedValue;
import dev.feedbackloop.kernel.analysis.FailureClusterChange;
import dev.feedbackloop.kernel.analysis.FailureClusterDetail;
import dev.feedbackloop.kernel.analysis.FailureClusterSummary;
import dev.feedbackloop.kernel.analysis.FailureExample;
import dev.feedbackloop.kernel.analysis.FailureModeOfWeek;
import dev.feedbackloop.kernel.analysis.FailureModeReport;
import dev.feedbackloop.kernel.analysis.FindFailureCluster;
import dev.feedbackloop.kernel.analysis.FindFailureClusters;
import dev.feedbackloop.kernel.analysis.FindFailureModeReport;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.support.web.ApiProblem;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failure modes: the clusters of each agent's failures with their sizes and trend, one cluster with its exemplars,
 * members and history, and the weekly failure-mode report (the specification's {@code failure_mode_clustering}).
 */
@RestController
@RequestMapping("/api/v1/analytics/clusters")
public class FailureClusterController {

    static final List<String> STATES = List.of("active", "resolved", "merged", "split");
    static final int DEFAULT_MEMBER_LIMIT = 100;
    static final int MAX_MEMBER_LIMIT = 1000;

    private final QueryGateway queries;
    private final Clock clock;

    public FailureClusterController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    public Mono<Map<String, Object>> clusters(@RequestParam(name = "agent_id", required = false) String agentId,
                                              @RequestParam(required = false) String state) {
        checkAgent(agentId);
        if (state != null && !STATES.contains(state)) {
            throw ApiProblem.validation("state", "one_of", "state is one of " + String.join(", ", STATES));
        }
        return Mono.fromFuture(() -> queries.query(new FindFailureClusters(agentId, state),
                        ResponseTypes.multipleInstancesOf(FailureClusterSummary.class)))
                .map(list -> Map.of("clusters", list.stream().map(FailureClusterController::toJson).toList()));
    }

    @GetMapping("/report")
    public Mono<Map<String, Object>> report(@RequestParam(required = false) String week,
                                            @RequestParam(name = "agent_id", required = false) String agentId) {
        checkAgent(agentId);
        String name = week == null ? IsoWeeks.of(clock.instant()) : week;
        if (!IsoWeeks.isWeek(name)) {
            throw ApiProblem.validation("week", "iso_week", "week must be an ISO week like 2026-W47 that exists");
        }
        Instant from = IsoWeeks.start(name);
        Instant to = IsoWeeks.end(name);
        return Mono.fromFuture(() -> queries.query(new FindFailureModeReport(name, from, to, agentId), FailureModeReport.class))
                .map(FailureClusterController::toJson);
    }

    @GetMapping("/{clusterId}")
    public Mono<Map<String, Object>> cluster(@PathVariable String clusterId,
                                             @RequestParam(name = "member_limit", required = false) String memberLimit) {
        int limit = DEFAULT_MEMBER_LIMIT;
        if (memberLimit != null) {
            try {
                limit = Integer.parseInt(memberLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0 || limit > MAX_MEMBER_LIMIT) {
                throw ApiProblem.validation("member_limit", "range", "member_limit must be between 0 and " + MAX_MEMBER_LIMIT);
            }
        }
        int cap = limit;
        return Mono.fromFuture(() -> queries.query(new FindFailureCluster(clusterId, cap),
                        ResponseTypes.optionalInstanceOf(FailureClusterDetail.class)))
                .map(found -> found.map(FailureClusterController::toJson)
                        .orElseThrow(() -> ApiProblem.notFound("No failure cluster " + clusterId)));
    }

    private static void checkAgent(String agentId) {
        if (agentId != null && !Identifier.isValid(agentId)) {
            throw ApiProblem.validation("agent_id", "identifier", "agent_id must be 1-128 characters without whitespace");
        }
    }

    static Map<String, Object> toJson(FailureClusterSummary c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.clusterId());
        out.put("agent_id", c.agentId());
        out.put("label", c.label());
        out.put("top_terms", c.topTerms());
        out.put("size", c.size());
        out.put("size_24h", c.sizeLast24h());
        out.put("trend", c.trend());
        out.put("top_intents", counts("intent_category", c.topIntents()));
        out.put("top_agent_versions", counts("agent_version", c.topAgentVersions()));
        out.put("first_seen", text(c.firstSeen()));
        out.put("last_seen", text(c.lastSeen()));
        out.put("state", c.state());
        out.put("discovered_at", text(c.discoveredAt()));
        out.put("ended_at", text(c.endedAt()));
        out.put("resolution", c.resolution());
        out.put("merged_into", c.mergedInto());
        out.put("split_into", c.splitInto());
        out.put("split_from", c.splitFrom());
        return out;
    }

    private static List<Map<String, Object>> counts(String key, List<CountedValue> values) {
        return values.stream().map(v -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(key, v.value());
            out.put("count", v.count());
            return out;
        }).toList();
    }

    static Map<String, Object> toJson(FailureClusterDetail d) {
        Map<String, Object> out = toJson(d.cluster());
        out.put("exemplars", d.exemplars().stream().map(FailureClusterController::toJson).toList());
        out.put("member_count", d.memberCount());
        out.put("member_ids", d.memberIds());
        out.put("members_truncated", d.memberIds().size() < d.memberCount());
        out.put("history", d.history().stream().map(FailureClusterController::toJson).toList());
        return out;
    }

    static Map<String, Object> toJson(FailureExample e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feedback_id", e.feedbackId());
        out.put("timestamp", text(e.timestamp()));
        out.put("text", e.text());
        out.put("intent_category", e.intentCategory());
        out.put("agent_version", e.agentVersion());
        return out;
    }

    static Map<String, Object> toJson(FailureClusterChange c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", c.type());
        out.put("at", text(c.at()));
        Optional.ofNullable(c.size()).ifPresent(v -> out.put("size", v));
        Optional.ofNullable(c.sizeLast24h()).ifPresent(v -> out.put("size_24h", v));
        Optional.ofNullable(c.intoClusterId()).ifPresent(v -> out.put("into_cluster_id", v));
        Optional.ofNullable(c.intoClusterIds()).ifPresent(v -> out.put("into_cluster_ids", v));
        Optional.ofNullable(c.continued()).ifPresent(v -> out.put("continued", v));
        Optional.ofNullable(c.reason()).ifPresent(v -> out.put("reason", v));
        return out;
    }

    static Map<String, Object> toJson(FailureModeReport r) {
        List<Map<String, Object>> modes = new ArrayList<>();
        List<String> discovered = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        List<Map<String, Object>> merged = new ArrayList<>();
        List<Map<String, Object>> split = new ArrayList<>();
        for (FailureModeOfWeek m : r.modes()) {
            FailureClusterSummary c = m.cluster();
            Map<String, Object> mode = new LinkedHashMap<>();
            mode.put("id", c.clusterId());
            mode.put("agent_id", c.agentId());
            mode.put("label", c.label());
            mode.put("top_terms", c.topTerms());
            mode.put("size", m.size());
            mode.put("peak_size_24h", m.peakSizeLast24h());
            mode.put("state", m.state());
            mode.put("this_week", m.discovered() ? "new" : m.mergedInto() != null ? "merged" : m.resolved() ? "resolved"
                    : "split".equals(m.state()) ? "split" : "ongoing");
            mode.put("first_seen", text(c.firstSeen()));
            mode.put("last_seen", text(c.lastSeen()));
            mode.put("top_intents", counts("intent_category", c.topIntents()));
            mode.put("top_agent_versions", counts("agent_version", c.topAgentVersions()));
            mode.put("examples", m.examples().stream().map(FailureClusterController::toJson).toList());
            modes.add(mode);
            if (m.discovered()) {
                discovered.add(c.clusterId());
            }
            if (m.resolved()) {
                resolved.add(c.clusterId());
            }
            if (m.mergedInto() != null) {
                merged.add(Map.of("id", c.clusterId(), "into", m.mergedInto()));
            }
            if (m.splitInto() != null) {
                split.add(Map.of("id", c.clusterId(), "into", m.splitInto()));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("active_modes", modes.size());
        summary.put("new", discovered.size());
        summary.put("resolved", resolved.size());
        summary.put("merged", merged.size());
        summary.put("split", split.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report", "failure_mode_clustering");
        out.put("week", r.week());
        out.put("from", text(r.from()));
        out.put("to", text(r.to()));
        out.put("agent_id", r.agentId());
        out.put("summary", summary);
        out.put("modes", modes);
        out.put("new", discovered);
        out.put("resolved", resolved);
        out.put("merged", merged);
        out.put("split", split);
        return out;
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
