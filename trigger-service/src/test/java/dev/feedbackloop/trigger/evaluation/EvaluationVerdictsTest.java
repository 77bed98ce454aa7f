package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.JudgeEvaluationRun;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the verdicts send for a judged run: the verdict, and for a regression a ticket with a stable id. */
class EvaluationVerdictsTest {

    static final Instant DONE = Instant.parse("2026-11-28T11:00:00Z");
    final Gates gates = EvaluationSettings.DEFAULTS.gates();

    static EvaluationVerdicts.Run baseline() {
        return new EvaluationVerdicts.Run("ev-7", null, "support-bot", "v7", "golden",
                Instant.parse("2026-11-20T10:00:00Z"), Map.of("task_success_rate", 0.9, "error_rate", 0.02),
                Verdict.PASSED);
    }

    static EvaluationVerdicts.Run run(Map<String, Double> metrics) {
        return new EvaluationVerdicts.Run("ev-8", "inc-3", "support-bot", "v8", "golden", DONE, metrics, null);
    }

    @Test
    void aPassingRunGetsItsVerdictAndNoTicket() {
        EvaluationVerdicts.Run run = run(Map.of("task_success_rate", 0.91, "error_rate", 0.03));
        List<Object> sent = EvaluationVerdicts.commandsFor(run, baseline(), gates.judge(run.metrics(), baseline().metrics()));
        assertThat(sent).containsExactly(new JudgeEvaluationRun("ev-8", Verdict.PASSED, "ev-7", List.of(), DONE));
    }

    @Test
    void aRegressionOpensAHighPriorityTicketNamedAfterTheRun() {
        EvaluationVerdicts.Run run = run(Map.of("task_success_rate", 0.81, "error_rate", 0.05));
        List<Object> sent = EvaluationVerdicts.commandsFor(run, baseline(), gates.judge(run.metrics(), baseline().metrics()));
        List<String> reasons = List.of("task_success_rate 0.81 < 0.85", "error_rate 0.05 > 2 x baseline 0.02 (0.04)");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isEqualTo(new JudgeEvaluationRun("ev-8", Verdict.REGRESSED, "ev-7", reasons, DONE));
        CreateTicket ticket = (CreateTicket) sent.get(1);
        assertThat(ticket.ticketId()).isEqualTo("tk-ev-8");
        assertThat(ticket.incidentId()).isEqualTo("inc-3");
        assertThat(ticket.agentId()).isEqualTo("support-bot");
        assertThat(ticket.priority()).isEqualTo(Priority.HIGH);
        assertThat(ticket.severity()).isEqualTo(Severity.WARNING);
        assertThat(ticket.title()).contains("support-bot").contains("v8");
        assertThat(ticket.description()).contains(reasons.get(0)).contains(reasons.get(1)).contains("ev-7");
        assertThat(ticket.scope()).containsEntry("evaluation_run_id", "ev-8").containsEntry("baseline_run_id", "ev-7");
        assertThat(ticket.createdAt()).isEqualTo(DONE);
    }

    @Test
    void aFirstRunWithoutBaselineIsJudgedOnItsSuccessRateAlone() {
        EvaluationVerdicts.Run run = new EvaluationVerdicts.Run("ev-1", null, "support-bot", "v1", "golden", DONE,
                Map.of("error_rate", 0.2), null);
        List<Object> sent = EvaluationVerdicts.commandsFor(run, null, gates.judge(run.metrics(), null));
        assertThat(sent.get(0)).isEqualTo(new JudgeEvaluationRun("ev-1", Verdict.REGRESSED, null,
                List.of("task_success_rate is missing"), DONE));
        assertThat(((CreateTicket) sent.get(1)).incidentId()).isNull();
    }

    @Test
    void seeingTheSameCompletionAgainSendsTheSameCommands() {
        EvaluationVerdicts.Run run = run(Map.of("task_success_rate", 0.5));
        assertThat(EvaluationVerdicts.commandsFor(run, baseline(), gates.judge(run.metrics(), baseline().metrics())))
                .isEqualTo(EvaluationVerdicts.commandsFor(run, baseline(), gates.judge(run.metrics(), baseline().metrics())));
    }
}
