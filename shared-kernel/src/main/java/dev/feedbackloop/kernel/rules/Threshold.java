package dev.feedbackloop.kernel.rules;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a metric's value counts as bad. Written as text in the rule file, {@link #toString()} gives it back in
 * that form (numbers without trailing zeros: {@code "< 0.80"} comes back as {@code "< 0.8"}):
 * <ul>
 *   <li>{@code "< 0.80"}, {@code "<= 0.8"}, {@code "> 20"}, {@code ">= 3"}: the value itself ({@link Kind#ABSOLUTE});</li>
 *   <li>{@code "drop > 5%"}, {@code "rise > 10%"}: the change against the baseline as a fraction of the baseline,
 *       {@code (baseline - current) / baseline > 0.05} ({@link Kind#RELATIVE_DROP}, {@link Kind#RELATIVE_RISE});
 *       {@code value} holds the fraction (0.05);</li>
 *   <li>{@code "drop > 0.05"}, {@code "rise > 2"}: without a % sign, the change in the metric's own unit,
 *       {@code baseline - current > 0.05} ({@link Kind#DIFFERENCE_DROP}, {@link Kind#DIFFERENCE_RISE});</li>
 *   <li>{@code "> 1.5x baseline"}, {@code "> 150% baseline"}, {@code "< 0.5x baseline"}: the value as a multiple of
 *       the baseline, {@code current / baseline > 1.5} ({@link Kind#RATIO}, the alert matrix's "&gt; 150% baseline");
 *       {@code value} holds the multiple (1.5) and the text form is always the {@code x} one.</li>
 * </ul>
 */
public record Threshold(Comparator comparator, double value, Kind kind) {

    public static final String EXAMPLES = "\"< 0.80\", \">= 3\", \"drop > 5%\"";

    private static final Pattern FORM = Pattern.compile(
            "(?:(drop|rise)\\s+)?(<=|>=|<|>)\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(%|x)?(\\s*baseline)?",
            Pattern.CASE_INSENSITIVE);

    public Threshold {
        if (comparator == null || kind == null) {
            throw new IllegalArgumentException("a threshold needs a comparator and a kind");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("a threshold's value must be a finite number >= 0, was " + value);
        }
    }

    public enum Kind {
        /** The metric's value against the limit. */
        ABSOLUTE,
        /** {@code (baseline - current) / baseline}, written {@code "drop > 5%"}. */
        RELATIVE_DROP,
        /** {@code (current - baseline) / baseline}, written {@code "rise > 10%"}. */
        RELATIVE_RISE,
        /** {@code baseline - current} in the metric's unit, written {@code "drop > 0.05"}. */
        DIFFERENCE_DROP,
        /** {@code current - baseline} in the metric's unit, written {@code "rise > 0.05"}. */
        DIFFERENCE_RISE,
        /** {@code current / baseline}, written {@code "> 1.5x baseline"} (or {@code "> 150% baseline"}). */
        RATIO;

        public boolean comparesToBaseline() {
            return this != ABSOLUTE;
        }
    }

    /**
     * Values within a billionth (relative) of the limit count as equal to it, so that a drop from 0.80 to 0.76,
     * which doubles compute as 0.05000000000000005, is exactly 5% and does not pass {@code "drop > 5%"}.
     */
    public enum Comparator {
        LT("<"), LE("<="), GT(">"), GE(">=");

        static final double TOLERANCE = 1e-9;

        private final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** False when {@code actual} is NaN. */
        public boolean test(double actual, double limit) {
            double slack = TOLERANCE * Math.max(1.0, Math.abs(limit));
            return switch (this) {
                case LT -> actual < limit - slack;
                case LE -> actual <= limit + slack;
                case GT -> actual > limit + slack;
                case GE -> actual >= limit - slack;
            };
        }

        static Comparator ofSymbol(String symbol) {
            for (Comparator comparator : values()) {
                if (comparator.symbol.equals(symbol)) {
                    return comparator;
                }
            }
            throw new IllegalArgumentException("no comparator " + symbol);
        }
    }

    /** Reads the rule file's text form; the message of the exception says which forms exist. */
    public static Threshold parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a threshold is a comparison like " + EXAMPLES);
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(quoted(text) + " is not a comparison like " + EXAMPLES);
        }
        String direction = m.group(1) == null ? null : m.group(1).toLowerCase(Locale.ROOT);
        Comparator comparator = Comparator.ofSymbol(m.group(2));
        BigDecimal number = new BigDecimal(m.group(3));
        String unit = m.group(4) == null ? null : m.group(4).toLowerCase(Locale.ROOT);
        boolean percent = "%".equals(unit);
        boolean ofBaseline = m.group(5) != null;
        if (ofBaseline) {
            if (direction != null || unit == null) {
                throw new IllegalArgumentException(quoted(text) + " is not a comparison like " + EXAMPLES
                        + "; a multiple of the baseline is written \"> 1.5x baseline\" or \"> 150% baseline\"");
            }
            return new Threshold(comparator, (percent ? number.movePointLeft(2) : number).doubleValue(), Kind.RATIO);
        }
        if ("x".equals(unit)) {
            throw new IllegalArgumentException(quoted(text) + " is not a comparison like " + EXAMPLES
                    + "; a multiple is of the baseline: \"> 1.5x baseline\"");
        }
        if (direction == null) {
            if (percent) {
                throw new IllegalArgumentException(quoted(text) + " is not a comparison like " + EXAMPLES
                        + "; % is only for a drop or rise against the baseline or a share of it (\"> 150% baseline\"),"
                        + " a rate is written as a fraction (\"< 0.80\")");
            }
            return new Threshold(comparator, number.doubleValue(), Kind.ABSOLUTE);
        }
        boolean drop = direction.equals("drop");
        if (percent) {
            return new Threshold(comparator, number.movePointLeft(2).doubleValue(),
                    drop ? Kind.RELATIVE_DROP : Kind.RELATIVE_RISE);
        }
        return new Threshold(comparator, number.doubleValue(), drop ? Kind.DIFFERENCE_DROP : Kind.DIFFERENCE_RISE);
    }

    /**
     * Whether {@code current} is past the threshold. Thresholds against the baseline never hold without one; the
     * relative kinds also not with a baseline of zero (or below), against which no fraction can be taken.
     */
    public boolean holds(double current, Double baseline) {
        boolean known = baseline != null && !baseline.isNaN();
        boolean positive = known && baseline > 0;
        return switch (kind) {
            case ABSOLUTE -> comparator.test(current, value);
            case RELATIVE_DROP -> positive && comparator.test((baseline - current) / baseline, value);
            case RELATIVE_RISE -> positive && comparator.test((current - baseline) / baseline, value);
            case DIFFERENCE_DROP -> known && comparator.test(baseline - current, value);
            case DIFFERENCE_RISE -> known && comparator.test(current - baseline, value);
            case RATIO -> positive && comparator.test(current / baseline, value);
        };
    }

    @Override
    public String toString() {
        BigDecimal number = BigDecimal.valueOf(value);
        return switch (kind) {
            case ABSOLUTE -> comparator.symbol() + " " + plain(number);
            case RELATIVE_DROP -> "drop " + comparator.symbol() + " " + plain(number.movePointRight(2)) + "%";
            case RELATIVE_RISE -> "rise " + comparator.symbol() + " " + plain(number.movePointRight(2)) + "%";
            case DIFFERENCE_DROP -> "drop " + comparator.symbol() + " " + plain(number);
            case DIFFERENCE_RISE -> "rise " + comparator.symbol() + " " + plain(number);
            case RATIO -> comparator.symbol() + " " + plain(number) + "x baseline";
        };
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
