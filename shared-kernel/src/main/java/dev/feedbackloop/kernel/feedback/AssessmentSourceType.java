package dev.feedbackloop.kernel.feedback;

/** Who made an assessment, as MLflow 3 names it. */
public enum AssessmentSourceType {
    HUMAN, LLM_JUDGE, CODE;

    /** On the wire as MLflow spells it: the constant's name. */
    public String wireName() {
        return name();
    }
}
