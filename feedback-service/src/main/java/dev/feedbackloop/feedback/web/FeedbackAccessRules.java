package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Writing feedback and assessments needs feedback:write; reading them back needs analytics:read. */
@Configuration(proxyBeanMethods = false)
public class FeedbackAccessRules {

    @Bean
    AccessRule postFeedback() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/feedback/**", Scope.FEEDBACK_WRITE);
    }

    @Bean
    AccessRule postAssessments() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/traces/*/assessments", Scope.FEEDBACK_WRITE);
    }

    @Bean
    AccessRule deleteAssessments() {
        return AccessRule.of(HttpMethod.DELETE, "/api/v1/traces/*/assessments/*", Scope.FEEDBACK_WRITE);
    }

    @Bean
    AccessRule readFeedback() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/feedback/**", Scope.ANALYTICS_READ);
    }

    @Bean
    AccessRule readTraces() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/traces/**", Scope.ANALYTICS_READ);
    }
}
