package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Judge-human agreement dropped significantly against the week before: the judges need retraining (retrain_judges_if_drift). */
@Revision("1")
public record JudgeAgreementDropped(String assessmentName, String week, double kappa, double previousKappa, Instant at) implements JudgeAgreementEvent {
}
