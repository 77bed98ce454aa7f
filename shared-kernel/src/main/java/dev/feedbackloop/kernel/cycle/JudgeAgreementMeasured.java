package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** How far LLM-judge and human assessments of the same traces agreed during an ISO week (Cohen's kappa over the pairs; null with too few pairs). */
@Revision("1")
public record JudgeAgreementMeasured(String assessmentName, String week, Double kappa, long pairs, Instant at) implements JudgeAgreementEvent {
}
