package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily metrics from {@code from} to {@code to} (both included; the last 7 days by default) in a time zone at a whole
 * number of hours from UTC (metrics are kept per hour), optionally grouped by a comma-separated list of keys.
 */
@ApiQuery
public record DailyQuery(@IsoDate @YearRange @Schema(format = "date") String from,
                         @IsoDate @YearRange @Schema(format = "date") String to,
                         @Schema(description = "comma-separated: any of agent_id, agent_version, intent_category",
                                 example = "agent_version") String groupBy,
                         @WellFormedId(rule = "identifier") String agentId,
                         @Schema(defaultValue = "UTC", example = "Europe/Berlin") String timeZone) implements RequestRules {

    static final List<String> GROUP_KEYS = List.of("agent_id", "agent_version", "intent_category");

    @Override
    public void check(Violations violations, Context context) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            violations.add("time_zone", "zone_id", "time_zone must be a zone id like UTC or Europe/Berlin");
            zone = null;
        }
        if (zone != null && !wholeHourOffsets(zone, context.receivedAt())) {
            // metrics are kept per hour: a day starting at :30 or :45 cannot be summed exactly
            violations.add("time_zone", "whole_hour_offset", "time_zone must be at a whole number of hours from UTC"
                    + " (like Europe/Berlin); " + timeZone + " is not");
        }
        for (String key : groupKeys()) {
            if (!GROUP_KEYS.contains(key)) {
                violations.add("group_by", "known_key", "group_by takes a comma-separated list of "
                        + String.join(", ", GROUP_KEYS) + "; '" + key + "' is not one");
            }
        }
    }

    ZoneId zone() {
        return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    }

    /** The keys of {@code group_by}, each once, in the order given. */
    List<String> groupKeys() {
        List<String> keys = new ArrayList<>();
        if (groupBy != null && !groupBy.isBlank()) {
            for (String key : groupBy.split(",")) {
                if (!keys.contains(key.trim())) {
                    keys.add(key.trim());
                }
            }
        }
        return keys;
    }

    /** The query for the days up to {@code to} (today in the zone when absent), or the 400 naming the rule they break. */
    FindDailyMetrics query(Instant now) {
        ZoneId zone = zone();
        LocalDate last = to == null ? LocalDate.ofInstant(now, zone) : LocalDate.parse(to);
        LocalDate first = from == null ? last.minusDays(6) : LocalDate.parse(from);
        if (first.isAfter(last)) {
            throw ApiProblem.validation("from", "before_to", "from must not be after to");
        }
        // from and to are both included: the last day may be the 400th
        if (first.plusDays(MetricsPeriod.LONGEST.toDays() - 1).isBefore(last)) {
            throw ApiProblem.validation("to", "max_period", "a period spans at most " + MetricsPeriod.LONGEST.toDays() + " days");
        }
        return new FindDailyMetrics(first, last, zone, groupKeys(), agentId);
    }

    /** Whether the zone's offset is a whole number of hours now and at every transition of the last and next years. */
    static boolean wholeHourOffsets(ZoneId zone, Instant now) {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(now).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        return rules.getTransitions().stream()
                .filter(t -> t.getInstant().isAfter(now.minus(Duration.ofDays(800))) && t.getInstant().isBefore(now.plus(Duration.ofDays(800))))
                .allMatch(t -> t.getOffsetAfter().getTotalSeconds() % 3600 == 0);
    }
}
