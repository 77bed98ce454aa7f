package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Identifier;

public record AssessmentId(String value) implements Identifier {

    public AssessmentId {
        Identifier.requireValid(value, "assessment_id");
    }

    public static AssessmentId of(String value) {
        return new AssessmentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
