package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.cycle.JudgeAgreementMeasured;
import dev.feedbackloop.kernel.cycle.RecordJudgeAgreement;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The judge-human agreement of one assessment name, week by week. A week is measured once: recording a week at or
 * before the last recorded one changes nothing, so a repeated or late tracker run is harmless. A significant drop
 * is recorded along with its week.
 */
@Aggregate
public class JudgeAgreement {

    @AggregateIdentifier
    private String stream;
    private String lastWeek;

    protected JudgeAgreement() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordJudgeAgreement command) {
        validate(command);
        if (lastWeek != null && command.week().compareTo(lastWeek) <= 0) {
            return;
        }
        apply(new JudgeAgreementMeasured(command.assessmentName(), command.week(), command.kappa(), command.pairs(),
                command.at()));
        if (command.significantDrop()) {
            apply(new JudgeAgreementDropped(command.assessmentName(), command.week(), command.kappa(),
                    command.previousKappa(), command.at()));
        }
    }

    private static void validate(RecordJudgeAgreement command) {
        if (command.assessmentName() == null || command.assessmentName().isBlank()) {
            throw invalid("assessment_name is required");
        }
        if (!IsoWeeks.isWeek(command.week())) {
            throw invalid("week must be an ISO week such as 2026-W05 (was " + command.week() + ")");
        }
        if (command.pairs() < 0) {
            throw invalid("pairs must not be negative");
        }
        if (!isKappa(command.kappa()) || !isKappa(command.previousKappa())) {
            throw invalid("kappa and previous_kappa must be between -1 and 1");
        }
        if (command.at() == null) {
            throw invalid("at is required");
        }
        if (command.significantDrop() && (command.kappa() == null || command.previousKappa() == null
                || command.kappa() >= command.previousKappa())) {
            throw invalid("a significant drop needs a kappa below the previous kappa");
        }
    }

    private static boolean isKappa(Double kappa) {
        return kappa == null || (kappa >= -1 - 1e-9 && kappa <= 1 + 1e-9);
    }

    @EventSourcingHandler
    void on(JudgeAgreementMeasured event) {
        this.stream = Streams.judgeAgreement(event.assessmentName());
        this.lastWeek = event.week();
    }
}
