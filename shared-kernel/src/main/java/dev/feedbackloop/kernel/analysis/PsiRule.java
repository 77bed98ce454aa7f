package dev.feedbackloop.kernel.analysis;

/** A rule on {@code input_distribution_psi}: met when a feature's PSI is above {@code above}. */
public record PsiRule(String rule, double above, String threshold) {
}
