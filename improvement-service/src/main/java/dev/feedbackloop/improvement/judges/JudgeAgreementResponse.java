package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.cycle.JudgeAgreementView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The recorded weeks of judge-human agreement, newest week first. */
@Schema(name = "JudgeAgreement")
public record JudgeAgreementResponse(List<Week> weeks) {

    static JudgeAgreementResponse of(List<JudgeAgreementView> views) {
        return new JudgeAgreementResponse(views.stream().map(Week::of).toList());
    }

    /**
     * One week of one assessment name: Cohen's kappa (null with too few pairs or a single category) over its pairs;
     * {@code previous_kappa} is known when the week {@code dropped} significantly against it.
     */
    @Schema(name = "JudgeAgreementWeek")
    public record Week(String assessmentName, String week, Double kappa, long pairs, boolean dropped,
                       Double previousKappa, Instant measuredAt) {

        static Week of(JudgeAgreementView v) {
            return new Week(v.assessmentName(), v.week(), v.kappa(), v.pairs(), v.dropped(), v.previousKappa(),
                    v.measuredAt());
        }
    }
}
