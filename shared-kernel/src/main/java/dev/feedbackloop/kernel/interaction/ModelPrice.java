package dev.feedbackloop.kernel.interaction;

/** The price of a model's tokens, in the price table's currency per million tokens. */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

    public ModelPrice {
        if (!Double.isFinite(inputPerMillion) || !Double.isFinite(outputPerMillion) || inputPerMillion < 0
                || outputPerMillion < 0) {
            throw new IllegalArgumentException("prices must be finite and not negative");
        }
    }

    /** The cost of these tokens in millionths of the currency (price per million tokens = millionths per token). */
    public long costMicros(long inputTokens, long outputTokens) {
        return Math.round(inputTokens * inputPerMillion + outputTokens * outputPerMillion);
    }
}
