package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindSimilarFailures;
import dev.feedbackloop.kernel.analysis.SimilarFailures;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;

/**
 * "Similar failures": given a text or a feedback id, the failures nearest in meaning (by the configured sentence
 * model) and the failure mode each belongs to.
 */
@RestController
@Tag(name = "failure modes", description = "Clusters of each agent's failures and the weekly failure-mode report")
@RequestMapping("/api/v1/analytics/failures")
public class SimilarFailuresController {

    private final QueryGateway queries;

    public SimilarFailuresController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule readSimilarFailures() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/analytics/failures/**", Scope.ANALYTICS_READ);
    }

    /** The answer: the model, the text compared and the nearest failures, most similar first. */
    public record SimilarFailuresResponse(String model, String text, List<Item> failures) {

        static SimilarFailuresResponse of(SimilarFailures s) {
            return new SimilarFailuresResponse(s.model(), s.text(), s.failures().stream().map(f -> new Item(f.feedbackId(),
                    f.agentId(), f.timestamp(), f.text(), f.similarity(), f.clusterId(), f.clusterLabel())).toList());
        }
    }

    /** One near failure; {@code cluster_id} and {@code cluster_label} are null when it is in no mode. */
    @Schema(name = "SimilarFailure")
    public record Item(String feedbackId, String agentId, Instant timestamp, String text, double similarity,
                       String clusterId, String clusterLabel) {
    }

    @GetMapping("/similar")
    @Operation(summary = "Finds the failures nearest in meaning to a text or a stored failure")
    public Mono<SimilarFailuresResponse> similar(@ParameterObject SimilarFailuresQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.optionalInstanceOf(SimilarFailures.class)))
                .onErrorMap(e -> isNoModel(e), e -> new ApiProblem(HttpStatus.CONFLICT, ErrorCode.WRONG_STATE,
                        "similar failures need a sentence-embedding model; platform.clustering.embedding.model is none",
                        List.of()))
                .map(found -> found.map(SimilarFailuresResponse::of)
                        .orElseThrow(() -> ApiProblem.notFound("No failure with feedback_id " + query.feedbackId())));
    }

    private static boolean isNoModel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("no sentence-embedding model")) {
                return true;
            }
        }
        return false;
    }
}
