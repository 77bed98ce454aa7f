package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Identifier;

public record TraceId(String value) implements Identifier {

    public TraceId {
        Identifier.requireValid(value, "trace_id");
    }

    public static TraceId of(String value) {
        return new TraceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
