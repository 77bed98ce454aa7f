package dev.feedbackloop.kernel.feedback;

/** The parts of an assessment an update may change; the rest (source, trace, span, kind) is fixed when logged. */
public enum AssessmentField {
    NAME, VALUE, ERROR, RATIONALE, METADATA
}
