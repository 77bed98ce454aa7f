package dev.feedbackloop.support.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rule files write them: a whole number and a unit ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}), or ISO-8601 ({@code PT24H}). */
final class RuleDurations {

    static final String EXAMPLES = "\"24h\", \"7d\", \"30m\", \"90s\" or \"PT24H\"";
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    private RuleDurations() {
    }

    static Duration parse(String text) {
        String value = text.strip();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.of(amount, ChronoUnit.DAYS);
            };
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                // falls through to the common message
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a duration like " + EXAMPLES);
    }
}
