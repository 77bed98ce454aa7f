package dev.feedbackloop.feedback.web;

import dev.feedbackloop.feedback.interaction.InteractionProjection;
import dev.feedbackloop.feedback.query.AssessmentProjection;
import dev.feedbackloop.feedback.query.FeedbackProjection;
import dev.feedbackloop.support.consistency.ConsistentRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read your writes on this service's routes: the writes that answer with a consistency token, and the reads that wait
 * for it with the processing groups that build their read models.
 */
@Configuration(proxyBeanMethods = false)
public class FeedbackConsistentRoutes {

    private static final String MLFLOW = "/api/3.0/mlflow";

    @Bean
    ConsistentRoutes feedbackRoutesForReadYourWrites() {
        return ConsistentRoutes.builder()
                .write(HttpMethod.POST, "/api/v1/feedback")
                .write(HttpMethod.POST, "/api/v1/feedback/batch")
                .write(HttpMethod.POST, "/api/v1/traces/{traceId}/assessments")
                .write(HttpMethod.DELETE, "/api/v1/traces/{traceId}/assessments/{assessmentId}")
                .write(HttpMethod.POST, "/api/v1/interactions")
                .write(HttpMethod.POST, "/v1/traces")
                .write(HttpMethod.POST, MLFLOW + "/traces/{traceId}/assessments")
                .write(HttpMethod.PATCH, MLFLOW + "/traces/{traceId}/assessments/{assessmentId}")
                .write(HttpMethod.DELETE, MLFLOW + "/traces/{traceId}/assessments/{assessmentId}")
                .read(HttpMethod.GET, "/api/v1/feedback/{feedbackId}", FeedbackProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/traces/{traceId}/feedback", FeedbackProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/traces/{traceId}/assessments", AssessmentProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, "/api/v1/traces/{traceId}/interaction", InteractionProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, MLFLOW + "/traces/{traceId}/assessments/{assessmentId}",
                        AssessmentProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, MLFLOW + "/traces/{traceId}", AssessmentProjection.PROCESSING_GROUP,
                        InteractionProjection.PROCESSING_GROUP)
                .build();
    }
}
