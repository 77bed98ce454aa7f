package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FailureClusterDetail;
import dev.feedbackloop.kernel.analysis.FailureClusterSummary;
import dev.feedbackloop.kernel.analysis.FailureModeReport;
import dev.feedbackloop.kernel.analysis.FindFailureCluster;
import dev.feedbackloop.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * Failure modes: the clusters of each agent's failures with their sizes and trend, one cluster with its exemplars,
 * members and history, and the weekly failure-mode report (the specification's {@code failure_mode_clustering}).
 */
@RestController
@Tag(name = "failure modes", description = "Clusters of each agent's failures and the weekly failure-mode report")
@RequestMapping("/api/v1/analytics/clusters")
public class FailureClusterController {

    private final QueryGateway queries;
    private final Clock clock;

    public FailureClusterController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "Lists the failure clusters, largest first")
    public Mono<FailureClusterResponse.Clusters> clusters(@ParameterObject ClustersQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(FailureClusterSummary.class)))
                .map(FailureClusterResponse.Clusters::of);
    }

    @GetMapping("/report")
    @Operation(summary = "Reports the failure modes of an ISO week (failure_mode_clustering)")
    public Mono<FailureModeReportResponse> report(@ParameterObject FailureModeReportQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(clock.instant()), FailureModeReport.class))
                .map(FailureModeReportResponse::of);
    }

    @GetMapping("/{clusterId}")
    @Operation(summary = "Shows a failure cluster with its exemplars, members and history")
    public Mono<FailureClusterResponse.Detail> cluster(@PathVariable String clusterId, @ParameterObject ClusterQuery query) {
        PathVariables.identifier("cluster_id", clusterId);
        return Mono.fromFuture(() -> queries.query(new FindFailureCluster(clusterId, query.members()),
                        ResponseTypes.optionalInstanceOf(FailureClusterDetail.class)))
                .map(found -> found.map(FailureClusterResponse.Detail::of)
                        .orElseThrow(() -> ApiProblem.notFound("No failure cluster " + clusterId)));
    }
}
