package dev.feedbackloop.trigger.judges;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Pattern;

/** ISO weeks in UTC, written "2026-W05". The text sorts like the weeks (years 1000 to 9999). */
public final class IsoWeeks {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}-W\\d{2}");

    private IsoWeeks() {
    }

    public static String of(Instant at) {
        LocalDate date = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return String.format("%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Monday 00:00 UTC of the week. */
    public static Instant start(String week) {
        if (!isWeek(week)) {
            throw new IllegalArgumentException("week must look like 2026-W05 (was " + week + ")");
        }
        int year = Integer.parseInt(week.substring(0, 4));
        int number = Integer.parseInt(week.substring(6));
        LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Monday 00:00 UTC of the week after: when the week is complete. */
    public static Instant end(String week) {
        return start(week).plus(java.time.Duration.ofDays(7));
    }

    /** Whether the text is a week this class writes, of a week that exists. */
    public static boolean isWeek(String week) {
        if (week == null || !FORMAT.matcher(week).matches()) {
            return false;
        }
        int year = Integer.parseInt(week.substring(0, 4));
        int number = Integer.parseInt(week.substring(6));
        return year >= 1000 && number >= 1
                && number <= LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
