package dev.feedbackloop.trigger.judges;

import dev.feedbackloop.kernel.cycle.FindJudgeAgreement;
import dev.feedbackloop.kernel.cycle.JudgeAgreementView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.trigger.web.Requests;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/judges/agreement?assessment=&limit=} (analytics:read): the recorded weeks of judge-human
 * agreement, newest week first, of one assessment name or of all; {@code limit} 1 to 1000, 100 by default.
 */
@RestController
@RequestMapping("/api/v1/judges")
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
    public Mono<Map<String, Object>> agreement(@RequestParam(required = false) String assessment,
                                               @RequestParam(required = false) String limit) {
        FindJudgeAgreement query = new FindJudgeAgreement(Requests.filter("assessment", assessment),
                Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(JudgeAgreementView.class)))
                .map(list -> Map.of("weeks", list.stream().map(JudgeAgreementController::toJson).toList()));
    }

    static Map<String, Object> toJson(JudgeAgreementView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assessment_name", v.assessmentName());
        out.put("week", v.week());
        out.put("kappa", v.kappa());
        out.put("pairs", v.pairs());
        out.put("dropped", v.dropped());
        out.put("previous_kappa", v.previousKappa());
        out.put("measured_at", Requests.text(v.measuredAt()));
        return out;
    }
}
