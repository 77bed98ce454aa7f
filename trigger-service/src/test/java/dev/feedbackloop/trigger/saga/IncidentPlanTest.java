package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.trigger.CreateTestCase;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.support.rules.RuleBookLoader;
import dev.feedbackloop.trigger.testcase.TestCase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands each of the specification's triggers turns into. */
class IncidentPlanTest {

    static final RuleBook RULES = RuleBookLoader.defaults();
    static final Instant AT = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    static IncidentPlan plan(TriggerConditionMet met, List<Exemplar> exemplars) {
        return IncidentPlan.of(RULES.rule(met.rule()).orElseThrow(), met, NOW, cluster -> exemplars);
    }

    @Test
    void theSamePlanTwiceHasTheSameIds() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "performance_degradation", "task_success_rate",
                Map.of("agent_id", "bot"), 0.7, null, "< 0.80", AT, AT);
        assertThat(plan(met, List.of())).isEqualTo(plan(met, List.of()));
        TriggerConditionMet later = new TriggerConditionMet("bot", "performance_degradation", "task_success_rate",
                Map.of("agent_id", "bot"), 0.7, null, "< 0.80", AT, AT.plusSeconds(3600));
        assertThat(plan(later, List.of()).incidentId()).isNotEqualTo(plan(met, List.of()).incidentId());
    }

    @Test
    void aNewFailureClusterBecomesOneTestCasePerExemplarWithTheCorrectionAsExpectedAndAQaAlert() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "new_failure_cluster", "clustered_failures",
                Map.of("agent_id", "bot", "cluster_id", "fc-1"), 27.0, null, "> 20", AT, AT);
        List<Exemplar> exemplars = List.of(
                new Exemplar("fb-1", "tr-1", "1.0", "refunds", "where is my refund", "I cannot help", "Refunds take 5 days"),
                new Exemplar("fb-2", "tr-2", "1.0", "refunds", "and my refund?", "useless answer", null));
        IncidentPlan plan = plan(met, exemplars);
        List<CreateTestCase> cases = plan.commands().stream().filter(CreateTestCase.class::isInstance)
                .map(CreateTestCase.class::cast).toList();
        assertThat(cases).extracting(CreateTestCase::feedbackId).containsExactly("fb-1", "fb-2");
        assertThat(cases.get(0).expected()).isEqualTo("Refunds take 5 days");
        assertThat(cases.get(0).input()).isEqualTo("where is my refund");
        assertThat(cases.get(1).observed()).isEqualTo("useless answer");
        assertThat(cases.get(1).expected()).isNull();
        assertThat(cases).allSatisfy(c -> assertThat(c.clusterId()).isEqualTo("fc-1"));
        assertThat(plan.commands()).filteredOn(RaiseAlert.class::isInstance).singleElement()
                .extracting(c -> ((RaiseAlert) c).channel()).isEqualTo("slack-qa-team");
    }

    @Test
    void aFailureRecordedWithoutItsInputOrTooLongForATestCaseIsLeftOutAndTheRestOfThePlanStands() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "new_failure_cluster", "clustered_failures",
                Map.of("agent_id", "bot", "cluster_id", "fc-1"), 27.0, null, "> 20", AT, AT);
        String tooLong = "x".repeat(TestCase.MAX_TEXT + 1);
        List<Exemplar> exemplars = List.of(
                new Exemplar("fb-1", "tr-1", "1.0", "refunds", null, "useless answer", null),
                new Exemplar("fb-2", "tr-2", "1.0", "refunds", "  ", "useless answer", null),
                new Exemplar("fb-3", "tr-3", "1.0", "refunds", tooLong, "useless answer", null),
                new Exemplar("fb-4", "tr-4", "1.0", "refunds", "refund?", tooLong, null),
                new Exemplar("fb-5", "tr-5", "1.0", "refunds", "where is my refund", "I cannot help", null));
        IncidentPlan plan = plan(met, exemplars);
        assertThat(plan.commands()).filteredOn(CreateTestCase.class::isInstance)
                .extracting(c -> ((CreateTestCase) c).feedbackId()).containsExactly("fb-5");
        assertThat(plan.commands()).filteredOn(RaiseAlert.class::isInstance).hasSize(1);
    }

    @Test
    void aTopicOverTheNegativeFeedbackThresholdGetsAMediumTicketRaisedOneStep() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "feedback_threshold", "negative_signals",
                Map.of("agent_id", "bot", "intent_category", "billing"), 130.0, null, "> 100", AT, AT);
        IncidentPlan plan = plan(met, List.of());
        CreateTicket ticket = plan.commands().stream().filter(CreateTicket.class::isInstance)
                .map(CreateTicket.class::cast).findFirst().orElseThrow();
        assertThat(ticket.affectedVolume()).isEqualTo(130);
        assertThat(ticket.priority()).isEqualTo(Priority.MEDIUM);
        PrioritizeTicket raise = plan.commands().stream().filter(PrioritizeTicket.class::isInstance)
                .map(PrioritizeTicket.class::cast).findFirst().orElseThrow();
        assertThat(raise.ticketId()).isEqualTo(ticket.ticketId());
        assertThat(raise.priority()).isEqualTo(Priority.HIGH);
        assertThat(raise.reason()).contains("negative_signals 130", "intent_category=billing");
        assertThat(plan.runIds()).isEmpty();
    }

    @Test
    void aModelReleaseRequestsAnEvaluationOfThatVersionOnTheProductionSample() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "model_update_available", "model_version_released",
                Map.of("agent_id", "bot", "agent_version", "2.1.0"), null, null, null, AT, AT);
        IncidentPlan plan = plan(met, List.of());
        RequestEvaluationRun run = (RequestEvaluationRun) plan.commands().get(1);
        assertThat(run.agentVersion()).isEqualTo("2.1.0");
        assertThat(run.dataset()).isEqualTo("production_sample");
        assertThat(plan.runIds()).containsExactly(run.runId());
    }

    @Test
    void aRuleNoLongerInTheFileOpensTheIncidentAndDoesNothingElse() {
        TriggerConditionMet met = new TriggerConditionMet("bot", "retired_rule", "retry_rate",
                Map.of("agent_id", "bot"), 0.4, null, "> 0.3", AT, AT);
        IncidentPlan plan = IncidentPlan.of(null, met, NOW, cluster -> List.of());
        assertThat(plan.commands()).hasSize(1);
        assertThat(plan.alertIds()).isEmpty();
    }
}
