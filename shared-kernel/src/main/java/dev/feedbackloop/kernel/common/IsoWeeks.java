package dev.feedbackloop.kernel.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ISO weeks written as {@code 2026-W48} (the text sorts like the weeks): parsing, the week of an instant and a
 * week's bounds, in a time zone or in UTC.
 */
public final class IsoWeeks {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}-W\\d{2}");

    private IsoWeeks() {
    }

    /** The Monday of a week, or empty when {@code week} is not an ISO week (2026-W48; W53 only in long years). */
    public static Optional<LocalDate> monday(String week) {
        if (week == null || !FORMAT.matcher(week).matches()) {
            return Optional.empty();
        }
        try {
            LocalDate monday = LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
            return Optional.of(monday).filter(d -> of(d).equals(week));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public static boolean isWeek(String value) {
        return monday(value).isPresent();
    }

    /** The ISO week a date falls in. */
    public static String of(LocalDate date) {
        return String.format("%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The ISO week an instant falls in, in a zone. */
    public static String of(Instant at, ZoneId zone) {
        return of(at.atZone(zone).toLocalDate());
    }

    /** The ISO week an instant falls in, in UTC. */
    public static String of(Instant at) {
        return of(at, ZoneOffset.UTC);
    }

    /** Monday 00:00 of the week in the zone. */
    public static Instant start(String week, ZoneId zone) {
        return mondayOrThrow(week).atStartOfDay(zone).toInstant();
    }

    /** Monday 00:00 UTC of the week. */
    public static Instant start(String week) {
        return start(week, ZoneOffset.UTC);
    }

    /** The next Monday 00:00 in the zone: when the week is complete. */
    public static Instant end(String week, ZoneId zone) {
        return mondayOrThrow(week).plusWeeks(1).atStartOfDay(zone).toInstant();
    }

    /** The next Monday 00:00 UTC. */
    public static Instant end(String week) {
        return end(week, ZoneOffset.UTC);
    }

    private static LocalDate mondayOrThrow(String week) {
        return monday(week).orElseThrow(() -> new IllegalArgumentException("week must be an ISO week such as 2026-W48, was " + week));
    }
}
