package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.CyclePhase;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The weekly improvement cycle ({@code platform.cycles.*}, e.g. {@code PLATFORM_CYCLES_ZONE=Europe/Berlin}). Each
 * phase starts at its offset from the week's Monday 00:00 in {@code zone}, counted in local time (09:00 stays 09:00
 * across a daylight-saving change); offsets must grow from one phase to the next.
 *
 * @param enabled        whether the opener opens the current week's cycle of every known agent (the API opens
 *                       cycles either way)
 * @param zone           the time zone weeks and phase times are counted in (default UTC)
 * @param checkInterval  how often the opener looks for agents whose current cycle is not open yet
 * @param retryDelay     how long the saga waits before running a phase again whose machine part failed
 * @param review         Monday 09:00 by default
 * @param deepDive       Tuesday 09:00
 * @param prioritization Wednesday 09:00
 * @param implementation Thursday 09:00
 * @param measurement    Friday 17:00
 * @param close          the next Monday 00:00
 */
@ConfigurationProperties("platform.cycles")
public record CycleSettings(@DefaultValue("true") boolean enabled, @DefaultValue("UTC") String zone,
                            @DefaultValue("1m") Duration checkInterval, @DefaultValue("5m") Duration retryDelay,
                            @DefaultValue("9h") Duration review, @DefaultValue("33h") Duration deepDive,
                            @DefaultValue("57h") Duration prioritization, @DefaultValue("81h") Duration implementation,
                            @DefaultValue("113h") Duration measurement, @DefaultValue("168h") Duration close) {

    public CycleSettings {
        try {
            ZoneId.of(zone == null ? "" : zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("platform.cycles.zone must be a time zone id such as UTC or "
                    + "Europe/Berlin, was '" + zone + "'");
        }
        positive(checkInterval, "check-interval");
        positive(retryDelay, "retry-delay");
        Duration[] offsets = {review, deepDive, prioritization, implementation, measurement, close};
        String[] names = {"review", "deep-dive", "prioritization", "implementation", "measurement", "close"};
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == null || offsets[i].isNegative()) {
                throw new IllegalArgumentException("platform.cycles." + names[i]
                        + " (its offset from Monday 00:00) must not be negative, was " + offsets[i]);
            }
            if (i > 0 && offsets[i].compareTo(offsets[i - 1]) <= 0) {
                throw new IllegalArgumentException("platform.cycles." + names[i] + " (" + offsets[i]
                        + ") must come after platform.cycles." + names[i - 1] + " (" + offsets[i - 1] + ")");
            }
        }
    }

    /** The defaults: Monday 09:00 review to Friday 17:00 measurement, closing the next Monday, in UTC. */
    public static CycleSettings defaults() {
        return new CycleSettings(true, "UTC", Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(9),
                Duration.ofHours(33), Duration.ofHours(57), Duration.ofHours(81), Duration.ofHours(113),
                Duration.ofHours(168));
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    public Duration offset(CyclePhase phase) {
        return switch (phase) {
            case REVIEW -> review;
            case DEEP_DIVE -> deepDive;
            case PRIORITIZATION -> prioritization;
            case IMPLEMENTATION -> implementation;
            case MEASUREMENT -> measurement;
        };
    }

    /** When a phase of the week starting at {@code weekStart} (Monday 00:00 in {@code zone}) begins. */
    public Instant at(Instant weekStart, ZoneId zone, Duration offset) {
        LocalDateTime monday = weekStart.atZone(zone).toLocalDateTime();
        return monday.plus(offset).atZone(zone).toInstant();
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("platform.cycles." + name + " must be positive, was " + value);
        }
    }
}
