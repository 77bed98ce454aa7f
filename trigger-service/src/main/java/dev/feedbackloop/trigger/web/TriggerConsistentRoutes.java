package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.consistency.ConsistentRoutes;
import dev.feedbackloop.trigger.alert.AlertProjection;
import dev.feedbackloop.trigger.evaluation.EvaluationRunProjection;
import dev.feedbackloop.trigger.pipeline.PipelineRunProjection;
import dev.feedbackloop.trigger.testcase.TestCaseProjection;
import dev.feedbackloop.trigger.ticket.TicketProjection;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read your writes on the trigger side: what a pipeline or a person changes (webhook subscriptions, tickets, alerts,
 * evaluation and pipeline runs, test cases) answers with a consistency token, and the reads of each wait, given one,
 * for the projection they read.
 */
@Configuration(proxyBeanMethods = false)
public class TriggerConsistentRoutes {

    private static final String WEBHOOKS = "/api/v1/webhooks";
    private static final String TICKETS = "/api/v1/tickets";
    private static final String ALERTS = "/api/v1/alerts";
    private static final String EVALUATION_RUNS = "/api/v1/evaluation-runs";
    private static final String PIPELINE_RUNS = "/api/v1/pipeline-runs";
    private static final String TEST_CASES = "/api/v1/test-cases";

    @Bean
    ConsistentRoutes triggerRoutesForReadYourWrites() {
        return ConsistentRoutes.builder()
                .write(HttpMethod.POST, WEBHOOKS)
                .write(HttpMethod.POST, WEBHOOKS + "/{id}/rotate-secret")
                .write(HttpMethod.DELETE, WEBHOOKS + "/{id}")
                .read(HttpMethod.GET, WEBHOOKS, WebhookOutbox.PROCESSING_GROUP)
                .read(HttpMethod.GET, WEBHOOKS + "/{id}", WebhookOutbox.PROCESSING_GROUP)
                .read(HttpMethod.GET, WEBHOOKS + "/{id}/deliveries", WebhookOutbox.PROCESSING_GROUP)
                .write(HttpMethod.POST, TICKETS)
                .write(HttpMethod.POST, TICKETS + "/{id}/priority")
                .write(HttpMethod.POST, TICKETS + "/{id}/resolve")
                .read(HttpMethod.GET, TICKETS, TicketProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, TICKETS + "/{id}", TicketProjection.PROCESSING_GROUP)
                .write(HttpMethod.POST, ALERTS + "/{id}/acknowledge")
                .write(HttpMethod.POST, ALERTS + "/{id}/resolve")
                .read(HttpMethod.GET, ALERTS, AlertProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, ALERTS + "/{id}", AlertProjection.PROCESSING_GROUP)
                .write(HttpMethod.POST, EVALUATION_RUNS)
                .write(HttpMethod.POST, EVALUATION_RUNS + "/{id}/{transition:start|complete|fail}")
                .read(HttpMethod.GET, EVALUATION_RUNS, EvaluationRunProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, EVALUATION_RUNS + "/{id}", EvaluationRunProjection.PROCESSING_GROUP)
                .write(HttpMethod.POST, PIPELINE_RUNS + "/{id}/{transition:start|complete|fail}")
                .read(HttpMethod.GET, PIPELINE_RUNS, PipelineRunProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, PIPELINE_RUNS + "/{id}", PipelineRunProjection.PROCESSING_GROUP)
                .write(HttpMethod.POST, TEST_CASES + "/{id}/{decision:approve|reject|retire}")
                .read(HttpMethod.GET, TEST_CASES, TestCaseProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, TEST_CASES + "/{id}", TestCaseProjection.PROCESSING_GROUP)
                .build();
    }
}
