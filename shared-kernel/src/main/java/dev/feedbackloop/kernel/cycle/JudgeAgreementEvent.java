package dev.feedbackloop.kernel.cycle;

/** Events of the agreement between LLM judges and humans on one assessment. */
public sealed interface JudgeAgreementEvent permits JudgeAgreementMeasured, JudgeAgreementDropped {

    String assessmentName();
}
