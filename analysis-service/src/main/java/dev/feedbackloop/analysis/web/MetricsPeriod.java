package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiProblem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A period of the metrics queries in event time, widened to whole hours; the last 7 days by default. */
record MetricsPeriod(Instant start, Instant end) {

    static final Duration LONGEST = Duration.ofDays(400);
    static final Duration DEFAULT = Duration.ofDays(7);

    /** The period {@code start} to {@code end} (now when absent), or the 400 naming the rule it breaks. */
    static MetricsPeriod of(Instant start, Instant end, Instant now) {
        Instant to = end == null ? now : end;
        Instant from = (start == null ? to.minus(DEFAULT) : start).truncatedTo(ChronoUnit.HOURS);
        Instant hour = to.truncatedTo(ChronoUnit.HOURS);
        to = hour.equals(to) ? to : hour.plus(Duration.ofHours(1));
        if (!from.isBefore(to)) {
            throw ApiProblem.validation("start", "before_end", "start must be before end");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw ApiProblem.validation("end", "max_period", "a period spans at most " + LONGEST.toDays() + " days");
        }
        return new MetricsPeriod(from, to);
    }

    /** The period of the same length just before this one. */
    Instant previousStart() {
        return start.minus(Duration.between(start, end));
    }
}
