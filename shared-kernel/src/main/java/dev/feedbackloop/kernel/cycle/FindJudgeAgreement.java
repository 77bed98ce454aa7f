package dev.feedbackloop.kernel.cycle;

/** The weekly judge-human agreement, newest week first; of one assessment name, or of all when it is null. */
public record FindJudgeAgreement(String assessmentName, int limit) {
}
