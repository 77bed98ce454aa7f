package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Identifier;

public record FeedbackId(String value) implements Identifier {

    public FeedbackId {
        Identifier.requireValid(value, "feedback_id");
        if (dev.feedbackloop.kernel.common.Streams.isNamespaced(value)) {
            throw new IllegalArgumentException("feedback_id must not start with "
                    + String.join(", ", dev.feedbackloop.kernel.common.Streams.NAMESPACES));
        }
    }

    public static FeedbackId of(String value) {
        return new FeedbackId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
