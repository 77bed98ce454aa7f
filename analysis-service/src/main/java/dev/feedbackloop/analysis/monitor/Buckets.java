package dev.feedbackloop.analysis.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One scope's counters by hour and, where minute rules need them, by minute, summed over any period: whole hours are
 * read from the hour buckets, the rest from the minute buckets. So a week's baseline costs a few hundred additions
 * however fine the step, and a minute window only its minutes. A measure remembers its readings per period.
 */
final class Buckets<T> {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final TreeMap<Instant, T> hours = new TreeMap<>();
    private final TreeMap<Instant, T> minutes = new TreeMap<>();
    private final Supplier<T> empty;
    private final BiConsumer<T, T> add;

    /** {@code add} adds its second argument's counters into its first. */
    Buckets(Supplier<T> empty, BiConsumer<T, T> add) {
        this.empty = empty;
        this.add = add;
    }

    void addHour(Instant hour, T counters) {
        add.accept(hours.computeIfAbsent(hour, h -> empty.get()), counters);
    }

    void addMinute(Instant minute, T counters) {
        add.accept(minutes.computeIfAbsent(minute, m -> empty.get()), counters);
    }

    /** The earliest bucket, or null without data. */
    Instant first() {
        Instant h = hours.isEmpty() ? null : hours.firstKey();
        Instant m = minutes.isEmpty() ? null : minutes.firstKey();
        return h == null ? m : m == null ? h : h.isBefore(m) ? h : m;
    }

    /** The counters of [from, to) (whole minutes), summed afresh. */
    T sum(Instant from, Instant to) {
        T total = empty.get();
        Instant t = from;
        while (t.isBefore(to)) {
            Instant end;
            if (t.truncatedTo(ChronoUnit.HOURS).equals(t) && !t.plus(HOUR).isAfter(to)) {
                end = to.truncatedTo(ChronoUnit.HOURS);
                hours.subMap(t, true, end, false).values().forEach(h -> add.accept(total, h));
            } else {
                end = t.truncatedTo(ChronoUnit.HOURS).plus(HOUR);
                end = end.isAfter(to) ? to : end;
                minutes.subMap(t, true, end, false).values().forEach(m -> add.accept(total, m));
            }
            t = end;
        }
        return total;
    }

    /** A measure reading these sums ({@code read} gets the sum and the period's length); readings are remembered. */
    ConditionEngine.Measure measure(BiFunction<T, Duration, ConditionEngine.Reading> read) {
        Map<Period, ConditionEngine.Reading> readings = new HashMap<>();
        return (from, to) -> readings.computeIfAbsent(new Period(from.getEpochSecond(), to.getEpochSecond()),
                k -> read.apply(sum(from, to), Duration.ofSeconds(k.to() - k.from())));
    }

    private record Period(long from, long to) {
    }

    static Instant floorMinute(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    static Duration minute() {
        return MINUTE;
    }
}
