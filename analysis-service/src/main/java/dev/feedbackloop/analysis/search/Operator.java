package dev.feedbackloop.analysis.search;

/** The comparison operators of the filter language. */
public enum Operator {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    boolean orders() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    boolean matchesPattern() {
        return this == LIKE || this == ILIKE;
    }

    static Operator ofSymbol(String symbol) {
        for (Operator op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operator " + symbol);
    }
}
