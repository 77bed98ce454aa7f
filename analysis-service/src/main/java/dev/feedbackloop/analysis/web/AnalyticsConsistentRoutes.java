package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.analysis.query.FeedbackSearchProjection;
import dev.feedbackloop.support.consistency.ConsistentRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Read your writes on the analytics reads: each waits, given a consistency token, for the projection it reads. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConsistentRoutes {

    @Bean
    ConsistentRoutes analyticsRoutesForReadYourWrites() {
        return ConsistentRoutes.builder()
                .read(HttpMethod.GET, "/api/v1/analytics/summary", MetricsProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/analytics/daily", MetricsProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/analytics/intents", MetricsProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/analytics/segments", MetricsProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/analytics/feedback", FeedbackSearchProjection.PROCESSING_GROUP)
                .read(HttpMethod.POST, "/api/v1/analytics/feedback/search", FeedbackSearchProjection.PROCESSING_GROUP)
                .build();
    }
}
