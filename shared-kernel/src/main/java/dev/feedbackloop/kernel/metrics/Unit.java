package dev.feedbackloop.kernel.metrics;

/** What a metric's number measures. */
public enum Unit {
    /** A share between 0 and 1. */
    RATIO("ratio"),
    /** A 1-5 star rating. */
    RATING("rating"),
    /** A count of things in the window. */
    COUNT("count"),
    MILLISECONDS("ms"),
    TOKENS_PER_MINUTE("tokens/min"),
    /** US dollars (or the currency of the configured price table). */
    CURRENCY("currency"),
    CURRENCY_PER_HOUR("currency/h"),
    PER_MINUTE("1/min"),
    /** A dimensionless score, such as the population stability index. */
    SCORE("score");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
