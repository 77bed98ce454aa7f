package dev.feedbackloop.kernel.interaction;

/** Tokens, cost (millionths of the price table's currency) and guardrail triggers of some spans, or their change. */
public record Usage(long inputTokens, long outputTokens, long costMicros, long guardrailTriggers) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                costMicros + other.costMicros, guardrailTriggers + other.guardrailTriggers);
    }

    public Usage minus(Usage other) {
        return new Usage(inputTokens - other.inputTokens, outputTokens - other.outputTokens,
                costMicros - other.costMicros, guardrailTriggers - other.guardrailTriggers);
    }

    public boolean isZero() {
        return equals(NONE);
    }
}
