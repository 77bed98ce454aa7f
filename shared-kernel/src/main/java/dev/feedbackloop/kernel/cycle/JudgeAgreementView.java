package dev.feedbackloop.kernel.cycle;

import java.time.Instant;

/**
 * One recorded week of judge-human agreement. {@code kappa} is null when the week had too few pairs or a single
 * category; {@code previousKappa} is known when the week {@code dropped} significantly against it.
 */
public record JudgeAgreementView(String assessmentName, String week, Double kappa, long pairs, boolean dropped,
                                 Double previousKappa, Instant measuredAt) {
}
