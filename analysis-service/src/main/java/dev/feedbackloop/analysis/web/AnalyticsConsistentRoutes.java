package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.gate.VersionApprovalProjection;
import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.analysis.query.FeedbackSearchProjection;
import dev.feedbackloop.analysis.query.ModelVersionProjection;
import dev.feedbackloop.analysis.release.ReleaseProjection;
import dev.feedbackloop.support.consistency.ConsistentRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read your writes on the analytics reads, a version's approval, model versions and releases: each waits, given a
 * consistency token, for the projection it reads.
 */
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
                // a pipeline posts a version's gate results, then reads the approval it deploys by
                .write(HttpMethod.POST, "/api/v1/agents/{agentId}/versions/{version}/gate-results")
                .write(HttpMethod.POST, "/api/v1/agents/{agentId}/versions/{version}/approval/override")
                .read(HttpMethod.GET, "/api/v1/agents/{agentId}/versions/{version}/approval",
                        VersionApprovalProjection.PROCESSING_GROUP)
                // a pipeline announces a model version, or opens a release and reports its progress, then lists them
                .write(HttpMethod.POST, "/api/v1/models/{modelId}/versions")
                .read(HttpMethod.GET, "/api/v1/models", ModelVersionProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/models/{modelId}/versions", ModelVersionProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/models/{modelId}/versions/{version}", ModelVersionProjection.PROCESSING_GROUP)
                .write(HttpMethod.POST, "/api/v1/releases")
                .write(HttpMethod.POST, "/api/v1/releases/{id}/reports")
                .read(HttpMethod.GET, "/api/v1/releases", ReleaseProjection.PROCESSING_GROUP)
                .build();
    }
}
