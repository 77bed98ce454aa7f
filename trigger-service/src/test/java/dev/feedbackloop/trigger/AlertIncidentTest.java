package dev.feedbackloop.trigger;

import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the HTTP API, on real stores: the warning and critical levels of an alert are one incident whose severity
 * and priority (with their response and escalation times) move warning, critical, warning, then clear; a safety
 * concern opens a P1 incident and announces its auto action on the trigger event feed (and so to webhooks).
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage,analytics:read=manager-secret-000001"})
class AlertIncidentTest {

    static final AtomicLong sequence = new AtomicLong();
    static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-alert-incident").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    WebTestClient api() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    void monitor(String agent, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("AgentMonitor", Streams.agentMonitor(agent),
                sequence.getAndIncrement(), event));
    }

    static TriggerConditionMet met(String agent, String rule, String metric, String severity, double value, int minute) {
        return new TriggerConditionMet(agent, rule, metric, Map.of("agent_id", agent), value, null, "> x",
                AT.plus(Duration.ofMinutes(minute - 4)), AT.plus(Duration.ofMinutes(minute)), severity);
    }

    static TriggerConditionCleared cleared(String agent, String rule, String metric, String severity, int minute) {
        return new TriggerConditionCleared(agent, rule, metric, Map.of("agent_id", agent), 0.01,
                AT.plus(Duration.ofMinutes(minute)), severity);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> incident(String agent) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) api().get().uri("/api/v1/incidents?agent_id={a}", agent)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("incidents");
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void anAlertsLevelsMoveOneIncidentsSeverityAndPriorityUpAndBackBeforeItClears() {
        String agent = "levels-bot";
        monitor(agent, met(agent, "elevated_error_rate", "error_rate", "warning", 0.03, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> incident = incident(agent);
            assertThat(incident.get("severity")).isEqualTo("warning");
            assertThat(incident.get("priority")).isEqualTo("P3");
            assertThat(incident.get("response_time")).isEqualTo("1 hour");
            assertThat(incident.get("escalation")).isEqualTo("4 hours");
            assertThat(incident.get("alert_ids")).asList().hasSize(1);
        });
        Map<String, Object> opened = incident(agent);
        Instant respondBy = Instant.parse((String) opened.get("respond_by"));
        assertThat(Duration.between(Instant.now(), respondBy)).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));

        monitor(agent, met(agent, "high_error_rate", "error_rate", "critical", 0.08, 10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> incident = incident(agent);
            assertThat(incident.get("id")).isEqualTo(opened.get("id"));
            assertThat(incident.get("severity")).isEqualTo("critical");
            assertThat(incident.get("priority")).isEqualTo("P2");
            assertThat(incident.get("priority_label")).isEqualTo("High");
            assertThat(incident.get("response_time")).isEqualTo("15 min");
            assertThat(incident.get("alert_ids")).asList().hasSize(3);
            assertThat(Instant.parse((String) incident.get("respond_by"))).isBefore(respondBy);
        });

        monitor(agent, cleared(agent, "high_error_rate", "error_rate", "critical", 25));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> incident = incident(agent);
            assertThat(incident.get("state")).isEqualTo("open");
            assertThat(incident.get("severity")).isEqualTo("warning");
            assertThat(incident.get("priority")).isEqualTo("P3");
            assertThat(incident.get("severity_changes")).isEqualTo(2);
        });

        monitor(agent, cleared(agent, "elevated_error_rate", "error_rate", "warning", 40));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> incident = incident(agent);
            assertThat(incident.get("state")).isIn("cleared", "closed");
            assertThat(incident.get("cleared_at")).isEqualTo(AT.plus(Duration.ofMinutes(40)).toString());
        });
        // every alert of the incident, the pages included, is resolved
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get().uri("/api/v1/alerts?agent_id={a}", agent)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.alerts.length()").isEqualTo(3)
                .jsonPath("$.alerts[?(@.state != 'resolved')]").isEmpty());
    }

    @Test
    void aSafetyConcernOpensAP1IncidentAndAnnouncesItsAutoActionOnTheTriggerFeed() {
        String agent = "safety-bot";
        assertThat(WebhookEventTypes.isKnown("feedbackloop.incident.auto_action_requested")).isTrue();
        assertThat(WebhookEventTypes.isKnown("IncidentSeverityChanged")).isTrue();
        monitor(agent, met(agent, "safety_concern", "guardrail_triggers_per_minute", "critical", 64, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> incident = incident(agent);
            assertThat(incident.get("priority")).isEqualTo("P1");
            assertThat(incident.get("response_time")).isEqualTo("5 min");
            assertThat(incident.get("escalation")).isEqualTo("immediate");
            assertThat(incident.get("auto_actions")).isEqualTo(List.of("enable_enhanced_filtering"));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get().uri("/api/v1/triggers/events?limit=1000")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events[?(@.type == 'feedbackloop.incident.auto_action_requested')].data.action")
                .isEqualTo(List.of("enable_enhanced_filtering"))
                .jsonPath("$.events[?(@.type == 'feedbackloop.incident.auto_action_requested')].data.agent_id").isEqualTo(List.of(agent)));
    }
}
