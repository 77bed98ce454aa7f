package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a week's judge-human agreement, and whether it dropped significantly against the previous week. */
public record RecordJudgeAgreement(String assessmentName, String week, Double kappa, long pairs, Double previousKappa, boolean significantDrop, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.judgeAgreement(assessmentName);
    }
}
