package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.search.FilterException;
import dev.feedbackloop.analysis.search.PageTokenException;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.ProblemHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Feedback search for ML teams, newest first: {@code GET /api/v1/analytics/feedback?filter=...&page_size=...&page_token=...}
 * (the access rule of {@link AnalyticsController} covers it), and the same search with the fields in a JSON body,
 * {@code POST /api/v1/analytics/feedback/search}, for filters longer than a request line may be. Both need
 * analytics:read.
 */
@RestController
@Tag(name = "feedback search", description = "Feedback found with the filter language, newest first")
@RequestMapping("/api/v1/analytics")
public class FeedbackSearchController {

    private final QueryGateway queries;

    public FeedbackSearchController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule searchFeedbackByBody() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/analytics/feedback/search", Scope.ANALYTICS_READ);
    }

    @GetMapping("/feedback")
    @Operation(summary = "Searches the feedback with the filter language, newest first, a page at a time")
    public Mono<FeedbackSearchPage> search(@ParameterObject FeedbackSearchRequest request) {
        return run(request);
    }

    @PostMapping(path = "/feedback/search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Searches the feedback like the GET, with the fields in a JSON body for long filters")
    public Mono<FeedbackSearchPage> searchByBody(@RequestBody FeedbackSearchRequest request) {
        return run(request);
    }

    private Mono<FeedbackSearchPage> run(FeedbackSearchRequest request) {
        return Mono.fromFuture(() -> queries.query(request.query(), ResponseTypes.instanceOf(FeedbackPage.class)))
                .onErrorMap(FeedbackSearchController::toProblem)
                .map(FeedbackSearchPage::of);
    }

    private static Throwable toProblem(Throwable thrown) {
        Throwable error = ProblemHandler.unwrap(thrown);
        if (error instanceof FilterException e) {
            return ApiProblem.validation(List.of(new FieldError("filter", e.rule(), e.getMessage(), e.position())));
        }
        if (error instanceof PageTokenException e) {
            return ApiProblem.validation("page_token", e.rule(), e.getMessage());
        }
        return thrown;
    }
}
