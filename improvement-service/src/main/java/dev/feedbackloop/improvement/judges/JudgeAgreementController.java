package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.cycle.JudgeAgreementView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The weekly agreement of LLM judges with people (analytics:read). */
@RestController
@RequestMapping("/api/v1/judges")
@Tag(name = "judges", description = "How well LLM judges agree with people, week by week")
public class JudgeAgreementController {

    private final QueryGateway queries;

    public JudgeAgreementController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule readJudgeAgreement() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/judges/**", Scope.ANALYTICS_READ);
    }

    @GetMapping("/agreement")
    @Operation(summary = "Lists the weeks of judge-human agreement, newest week first")
    public Mono<JudgeAgreementResponse> agreement(@ParameterObject JudgeAgreementQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(JudgeAgreementView.class)))
                .map(JudgeAgreementResponse::of);
    }
}
