package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.trigger.ChangeIncidentSeverity;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.EvaluationRunFailed;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.kernel.trigger.RequestAutoAction;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.kernel.trigger.RequestPipelineRun;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.Verdict;
import dev.feedbackloop.support.rules.RuleBookLoader;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.instanceOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Every path of an incident: opening once, recurring, clearing, waiting for runs, cooling down, timing out. */
class IncidentSagaTest {

    static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    static final Instant SINCE = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant AT = Instant.parse("2026-11-02T08:00:00Z");
    static final RuleBook RULES = RuleBookLoader.defaults();

    SagaTestFixture<IncidentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(new IncidentSettings(Duration.ofDays(7), Duration.ZERO, Duration.ofMinutes(1), 3, false));
    }

    static SagaTestFixture<IncidentSaga> fixture(IncidentSettings settings) {
        SagaTestFixture<IncidentSaga> f = new SagaTestFixture<>(IncidentSaga.class);
        f.registerResource(RULES);
        f.registerResource(settings);
        f.registerResource(Clock.fixed(NOW, ZoneOffset.UTC));
        f.registerResource(new Exemplars(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build()));
        return f;
    }

    static Map<String, String> scope(String... kv) {
        Map<String, String> scope = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            scope.put(kv[i], kv[i + 1]);
        }
        return scope;
    }

    static TriggerConditionMet degradation(Instant at) {
        return new TriggerConditionMet("support-bot", "performance_degradation", "task_success_rate",
                scope("agent_id", "support-bot"), 0.72, null, "< 0.80", SINCE, at);
    }

    static TriggerConditionCleared degradationCleared(Instant at) {
        return new TriggerConditionCleared("support-bot", "performance_degradation", "task_success_rate",
                scope("agent_id", "support-bot"), 0.86, at);
    }

    static TriggerConditionMet drop() {
        return new TriggerConditionMet("support-bot", "performance_drop", "task_success_rate",
                scope("agent_id", "support-bot"), 0.80, 0.90, "drop > 5%", SINCE, AT);
    }

    static TriggerConditionCleared dropCleared(Instant at) {
        return new TriggerConditionCleared("support-bot", "performance_drop", "task_success_rate",
                scope("agent_id", "support-bot"), 0.89, at);
    }

    @Test
    void aDegradationOpensAnIncidentRaisesAnAlertCreatesAHighTicketAndRequestsASnapshotEvaluation() {
        String incident = IncidentPlan.incidentId(degradation(AT));
        FixtureExecutionResult result = fixture.givenNoPriorActivity()
                .whenAggregate("support-bot").publishes(degradation(AT))
                .expectActiveSagas(1)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAllOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(OpenIncident.class)),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(RaiseAlert.class)),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(CreateTicket.class)),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(RequestEvaluationRun.class))))
                .expectScheduledDeadlineWithName(Duration.ofDays(7), IncidentSaga.TIMEOUT);
        List<Object> sent = dispatched(result);
        assertThat(sent).hasSize(4);
        OpenIncident open = (OpenIncident) sent.get(0);
        assertThat(open.incidentId()).isEqualTo(incident);
        assertThat(open.actions()).containsExactly("alert", "create_ticket", "snapshot_evaluation");
        RaiseAlert alert = (RaiseAlert) sent.get(1);
        assertThat(alert.channel()).isEqualTo("slack-ml-team");
        assertThat(alert.title()).isEqualTo("performance_degradation: task_success_rate 0.72 (< 0.80) for agent_id=support-bot");
        assertThat(alert.raisedAt()).isEqualTo(NOW);
        assertThat(((CreateTicket) sent.get(2)).priority()).isEqualTo(Priority.HIGH);
        RequestEvaluationRun run = (RequestEvaluationRun) sent.get(3);
        assertThat(run.dataset()).isEqualTo("production_sample");
        assertThat(run.agentVersion()).as("the scope names no version").isEqualTo(IncidentPlan.CURRENT_VERSION);
        assertThat(run.incidentId()).isEqualTo(incident);
    }

    @Test
    void aConditionThatKeepsHoldingNeverOpensASecondIncident() {
        fixture.givenAggregate("support-bot").published(degradation(AT))
                .whenAggregate("support-bot").publishes(degradation(AT.plus(Duration.ofHours(5))))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void clearingResolvesTheAlertsButTheIncidentWaitsForItsEvaluationRun() {
        TriggerConditionMet met = degradation(AT);
        fixture.givenAggregate("support-bot").published(met)
                .whenAggregate("support-bot").publishes(degradationCleared(AT.plus(Duration.ofHours(3))))
                .expectActiveSagas(1)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(ClearIncident.class)),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(ResolveAlert.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void theIncidentClosesWhenItsRunIsJudgedAfterTheConditionCleared() {
        TriggerConditionMet met = degradation(AT);
        String run = IncidentPlan.of(RULES.rule("performance_degradation").orElseThrow(), met, NOW, c -> List.of()).runIds().get(0);
        fixture.givenAggregate("support-bot").published(met, degradationCleared(AT.plus(Duration.ofHours(3))))
                .whenPublishingA(new EvaluationRunJudged(run, "support-bot", null, Verdict.PASSED, null, List.of(), NOW))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new CloseIncident(IncidentPlan.incidentId(met), "work_done", NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRunEndingBeforeTheConditionClearsLeavesTheIncidentOpen() {
        TriggerConditionMet met = degradation(AT);
        String run = IncidentPlan.of(RULES.rule("performance_degradation").orElseThrow(), met, NOW, c -> List.of()).runIds().get(0);
        fixture.givenAggregate("support-bot").published(met)
                .whenPublishingA(new EvaluationRunFailed(run, "runner crashed", NOW))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void anIncidentWithoutRunsClosesAsSoonAsItClearsAndTheNextOneIsNew() {
        FixtureExecutionResult result = fixture.givenAggregate("support-bot").published(drop(), dropCleared(AT.plus(Duration.ofHours(2))))
                .whenAggregate("support-bot").publishes(new TriggerConditionMet("support-bot", "performance_drop",
                        "task_success_rate", scope("agent_id", "support-bot"), 0.79, 0.90, "drop > 5%",
                        AT.plus(Duration.ofHours(5)), AT.plus(Duration.ofHours(6))))
                .expectActiveSagas(1)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(OpenIncident.class))));
        OpenIncident second = (OpenIncident) dispatched(result).get(0);
        assertThat(second.incidentId()).isNotEqualTo(IncidentPlan.incidentId(drop()));
    }

    @Test
    void withACoolDownTheConditionHoldingAgainReopensTheSameIncident() {
        fixture = fixture(new IncidentSettings(Duration.ofDays(7), Duration.ofHours(6), Duration.ofMinutes(1), 3, false));
        fixture.givenAggregate("support-bot").published(drop(), dropCleared(AT.plus(Duration.ofHours(2))))
                .whenAggregate("support-bot").publishes(drop())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RecordIncidentRecurrence(IncidentPlan.incidentId(drop()), 0.80, AT))
                .expectNoScheduledDeadlineWithName(Duration.ofHours(6), IncidentSaga.COOL_DOWN);
    }

    @Test
    void theCoolDownPassingClosesTheIncident() {
        fixture = fixture(new IncidentSettings(Duration.ofDays(7), Duration.ofHours(6), Duration.ofMinutes(1), 3, false));
        fixture.givenAggregate("support-bot").published(drop(), dropCleared(AT.plus(Duration.ofHours(2))))
                .whenTimeElapses(Duration.ofHours(6).plusSeconds(1))
                .expectActiveSagas(0)
                .expectTriggeredDeadlinesWithName(IncidentSaga.COOL_DOWN)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(instanceOf(CloseIncident.class))));
    }

    @Test
    void anIncidentStillOpenAtItsTimeoutIsClosedAsTimedOut() {
        fixture.givenAggregate("support-bot").published(degradation(AT))
                .whenTimeElapses(Duration.ofDays(7).plusSeconds(1))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new CloseIncident(IncidentPlan.incidentId(degradation(AT)), "timed_out", NOW));
    }

    @Test
    void aModelReleaseNeverClearsSoItsIncidentEndsWithItsEvaluation() {
        TriggerConditionMet release = new TriggerConditionMet("support-bot", "model_update_available",
                "model_version_released", scope("agent_id", "support-bot", "agent_version", "2.0.0"), null, null, null, AT, AT);
        String run = IncidentPlan.of(RULES.rule("model_update_available").orElseThrow(), release, NOW, c -> List.of()).runIds().get(0);
        fixture.givenAggregate("support-bot").published(release)
                .whenPublishingA(new EvaluationRunJudged(run, "support-bot", "2.0.0", Verdict.REGRESSED, "ev-1", List.of("worse"), NOW))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new CloseIncident(IncidentPlan.incidentId(release), "work_done", NOW));
    }

    @Test
    void driftRequestsARefreshOfTheEvaluationSetAndClosesWhenThePipelineRunCompletes() {
        TriggerConditionMet drift = new TriggerConditionMet("support-bot", "drift_detection", "input_distribution_psi",
                scope("agent_id", "support-bot", "feature", "intent_category"), 0.41, null, "> 0.25", AT, AT);
        IncidentPlan plan = IncidentPlan.of(RULES.rule("drift_detection").orElseThrow(), drift, NOW, c -> List.of());
        RequestPipelineRun request = (RequestPipelineRun) plan.commands().stream()
                .filter(RequestPipelineRun.class::isInstance).findFirst().orElseThrow();
        assertThat(request.pipeline()).isEqualTo("refresh_evaluation_set");
        assertThat(request.parameters()).containsEntry("feature", "intent_category").containsEntry("rule", "drift_detection");
        fixture.givenAggregate("support-bot").published(drift, new TriggerConditionCleared("support-bot",
                        "drift_detection", "input_distribution_psi", drift.scope(), 0.05, AT.plus(Duration.ofDays(1))))
                .whenPublishingA(new PipelineRunCompleted(request.runId(), "refresh_evaluation_set", Map.of(), NOW))
                .expectActiveSagas(0);
    }

    @Test
    void actionsThatFailedAreCarriedOutAgainLaterWithTheSameIds() {
        java.util.concurrent.atomic.AtomicInteger tickets = new java.util.concurrent.atomic.AtomicInteger();
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof CreateTicket && tickets.getAndIncrement() == 0) {
                throw new IllegalStateException("the event store is down");
            }
            return null;
        });
        TriggerConditionMet met = degradation(AT);
        FixtureExecutionResult result = fixture.givenAggregate("support-bot").published(met)
                .whenTimeElapses(Duration.ofMinutes(1).plusSeconds(1))
                .expectTriggeredDeadlinesWithName(IncidentSaga.RETRY)
                .expectActiveSagas(1);
        List<Object> again = dispatched(result);
        IncidentPlan plan = IncidentPlan.of(RULES.rule("performance_degradation").orElseThrow(), met, NOW, c -> List.of());
        assertThat(again).hasSize(4);
        assertThat(again).filteredOn(CreateTicket.class::isInstance).singleElement()
                .isEqualTo(plan.commands().get(2));
        assertThat(((RequestEvaluationRun) again.get(3)).runId()).isEqualTo(plan.runIds().get(0));
    }

    @Test
    void aClearingThatArrivesWhileTheActionsWaitIsCarriedOutAfterThem() {
        java.util.concurrent.atomic.AtomicInteger tickets = new java.util.concurrent.atomic.AtomicInteger();
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof CreateTicket && tickets.getAndIncrement() == 0) {
                throw new IllegalStateException("the event store is down");
            }
            return null;
        });
        FixtureExecutionResult result = fixture.givenAggregate("support-bot")
                .published(degradation(AT), degradationCleared(AT.plus(Duration.ofHours(1))))
                .whenTimeElapses(Duration.ofMinutes(1).plusSeconds(1));
        List<Object> sent = dispatched(result);
        assertThat(sent).hasSize(6);
        assertThat(sent.get(4)).isInstanceOf(ClearIncident.class);
        assertThat(sent.get(5)).isInstanceOf(ResolveAlert.class);
    }

    @Test
    void afterItsLastAttemptTheSagaGivesUpOnTheActionsButStillClosesWhenCleared() {
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof CreateTicket) {
                throw new IllegalStateException("refused");
            }
            return null;
        });
        fixture.givenAggregate("support-bot").published(drop(), dropCleared(AT.plus(Duration.ofHours(1))))
                .whenTimeElapses(Duration.ofMinutes(1).plus(Duration.ofMinutes(2)).plusSeconds(1))
                .expectActiveSagas(0);
    }

    static TriggerConditionMet errors(String rule, String severity, double value, Instant at) {
        return new TriggerConditionMet("support-bot", rule, "error_rate", scope("agent_id", "support-bot"), value, null,
                severity.equals("critical") ? "> 0.05" : "> 0.02", at.minus(Duration.ofMinutes(4)), at, severity);
    }

    static TriggerConditionCleared errorsCleared(String rule, String severity, double value, Instant at) {
        return new TriggerConditionCleared("support-bot", rule, "error_rate", scope("agent_id", "support-bot"), value,
                at, severity);
    }

    @Test
    void anAlertsWarningAndCriticalLevelsAreOneIncidentWhoseSeverityMovesUpAndBackBeforeItClears() {
        TriggerConditionMet warning = errors("elevated_error_rate", "warning", 0.03, AT);
        TriggerConditionMet critical = errors("high_error_rate", "critical", 0.07, AT.plus(Duration.ofMinutes(10)));
        TriggerConditionCleared criticalEnds = errorsCleared("high_error_rate", "critical", 0.03, AT.plus(Duration.ofMinutes(25)));
        TriggerConditionCleared warningEnds = errorsCleared("elevated_error_rate", "warning", 0.01, AT.plus(Duration.ofMinutes(40)));
        String incident = IncidentPlan.incidentId(warning);
        assertThat(warning.incidentKey()).isEqualTo(critical.incidentKey()).isEqualTo(warningEnds.incidentKey())
                .isNotEqualTo(warning.conditionKey());

        // warning: the incident opens as a warning (P3) with the warning's alert on Slack
        List<Object> opened = dispatched(fixture.givenNoPriorActivity()
                .whenAggregate("support-bot").publishes(warning).expectActiveSagas(1));
        assertThat(opened).hasSize(2);
        OpenIncident open = (OpenIncident) opened.get(0);
        assertThat(open.incidentId()).isEqualTo(incident);
        assertThat(open.severity()).isEqualTo(Severity.WARNING);
        assertThat(open.priority()).isEqualTo(IncidentPriority.P3);
        assertThat(open.reportedAt()).isEqualTo(NOW);
        assertThat(((RaiseAlert) opened.get(1)).channel()).isEqualTo("slack-oncall");

        // critical as well: the same incident moves to critical (P2) and pages
        List<Object> escalated = dispatched(fixture.givenAggregate("support-bot").published(warning)
                .whenAggregate("support-bot").publishes(critical).expectActiveSagas(1));
        assertThat(escalated).hasSize(3);
        assertThat(escalated.get(0)).isEqualTo(new ChangeIncidentSeverity(incident, Severity.CRITICAL,
                IncidentPriority.P2, "high_error_rate", 0.07, critical.at(), NOW));
        assertThat(escalated.subList(1, 3)).allSatisfy(c -> {
            assertThat(((RaiseAlert) c).incidentId()).isEqualTo(incident);
            assertThat(((RaiseAlert) c).severity()).isEqualTo(Severity.CRITICAL);
        }).extracting(c -> ((RaiseAlert) c).channel()).containsExactly("pagerduty", "slack-oncall");
        List<String> pages = escalated.subList(1, 3).stream().map(c -> ((RaiseAlert) c).alertId()).toList();

        // critical stops holding, warning still holds: the pages are resolved and the incident is a warning again
        List<Object> eased = dispatched(fixture.givenAggregate("support-bot").published(warning, critical)
                .whenAggregate("support-bot").publishes(criticalEnds).expectActiveSagas(1));
        assertThat(eased).filteredOn(ResolveAlert.class::isInstance).extracting(c -> ((ResolveAlert) c).alertId())
                .containsExactlyElementsOf(pages);
        assertThat(eased).filteredOn(ChangeIncidentSeverity.class::isInstance).singleElement()
                .isEqualTo(new ChangeIncidentSeverity(incident, Severity.WARNING, IncidentPriority.P3, "high_error_rate",
                        0.03, criticalEnds.at(), NOW));
        assertThat(eased).noneMatch(ClearIncident.class::isInstance);

        // warning stops holding too: the one incident clears, its remaining alert is resolved, and it closes
        List<Object> ended = dispatched(fixture.givenAggregate("support-bot").published(warning, critical, criticalEnds)
                .whenAggregate("support-bot").publishes(warningEnds).expectActiveSagas(0));
        assertThat(ended.get(0)).isEqualTo(new ClearIncident(incident, 0.01, warningEnds.at()));
        assertThat(ended).filteredOn(ResolveAlert.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((ResolveAlert) r).alertId()).isEqualTo(((RaiseAlert) opened.get(1)).alertId()));
        assertThat(ended.get(ended.size() - 1)).isEqualTo(new CloseIncident(incident, "work_done", NOW));
    }

    @Test
    void aLowerLevelJoiningAHigherOneLeavesTheSeverityWhereItIs() {
        TriggerConditionMet critical = errors("high_error_rate", "critical", 0.09, AT);
        TriggerConditionMet warning = errors("elevated_error_rate", "warning", 0.09, AT);
        List<Object> sent = dispatched(fixture.givenAggregate("support-bot").published(critical)
                .whenAggregate("support-bot").publishes(warning).expectActiveSagas(1));
        assertThat(sent).noneMatch(c -> c instanceof ChangeIncidentSeverity || c instanceof OpenIncident);
        assertThat(sent).singleElement().satisfies(c -> assertThat(((RaiseAlert) c).channel()).isEqualTo("slack-oncall"));
    }

    @Test
    void aSafetyConcernOpensAP1IncidentPagesSecurityAndComplianceAndAnnouncesEnhancedFiltering() {
        TriggerConditionMet safety = new TriggerConditionMet("support-bot", "safety_concern",
                "guardrail_triggers_per_minute", scope("agent_id", "support-bot"), 64.0, null, "> 50",
                AT.minus(Duration.ofMinutes(1)), AT, "critical");
        List<Object> sent = dispatched(fixture.givenNoPriorActivity()
                .whenAggregate("support-bot").publishes(safety).expectActiveSagas(1));
        OpenIncident open = (OpenIncident) sent.get(0);
        assertThat(open.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.priority()).isEqualTo(IncidentPriority.P1);
        assertThat(sent).filteredOn(RaiseAlert.class::isInstance).extracting(c -> ((RaiseAlert) c).channel())
                .containsExactly("pagerduty", "slack-security", "email-compliance");
        assertThat(sent.get(sent.size() - 1)).isEqualTo(new RequestAutoAction(open.incidentId(), "safety_concern",
                "enable_enhanced_filtering", Severity.CRITICAL, AT));
    }

    /** The payloads of the commands the saga sent, in order. */
    private static List<Object> dispatched(FixtureExecutionResult result) {
        List<Object> out = new java.util.ArrayList<>();
        result.expectDispatchedCommandsMatching(new org.hamcrest.BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                ((List<?>) item).forEach(m -> out.add(((org.axonframework.commandhandling.CommandMessage<?>) m).getPayload()));
                return true;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("any commands");
            }
        });
        return out;
    }
}
