package dev.feedbackloop.improvement.judges;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * The category an assessment value counts as when kappa compares raters. The rule depends on the value alone, so
 * both raters' values of any scale map alike:
 * <ul>
 *     <li>a boolean: {@code true} is "pass", {@code false} "fail";</li>
 *     <li>a string: trimmed and lower-cased; "yes", "true", "pass" count as "pass" and "no", "false", "fail" as
 *     "fail" (MLflow's built-in judges answer yes/no); any other string is its own category;</li>
 *     <li>a number in [0, 1]: a score, "pass" at 0.5 or above, else "fail" (so 0 and 1 read as fail and pass);</li>
 *     <li>any other number: rounded half up to an integer, which is its category ("2" .. "5" on a 1-5 scale, whose 1
 *     reads as "pass": a label only, no other value of that scale shares it);</li>
 *     <li>anything else (null, a list, an object, NaN): no category, the assessment is left out.</li>
 * </ul>
 * Kappa here is unweighted: on an ordinal scale a near miss counts as a full disagreement.
 */
public final class JudgeLabels {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    private static final Set<String> PASSES = Set.of("yes", "true", "pass");
    private static final Set<String> FAILS = Set.of("no", "false", "fail");

    private JudgeLabels() {
    }

    /** The category of a value, or null when it has none. */
    public static String category(Object value) {
        if (value instanceof Boolean b) {
            return b ? PASS : FAIL;
        }
        if (value instanceof String s) {
            String text = s.trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                return null;
            }
            return PASSES.contains(text) ? PASS : FAILS.contains(text) ? FAIL : text;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            if (d >= 0 && d <= 1) {
                return d >= 0.5 ? PASS : FAIL;
            }
            return new BigDecimal(n.toString()).setScale(0, RoundingMode.HALF_UP).toBigInteger().toString();
        }
        return null;
    }
}
