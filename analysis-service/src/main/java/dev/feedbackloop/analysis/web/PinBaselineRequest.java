package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.PinDriftBaseline;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The period an agent's drift is measured against from now on, instead of the rolling reference. A baseline is read
 * hour by hour at every evaluation: it spans at most as long as the longest metrics period.
 */
@ApiRequest
public record PinBaselineRequest(@NotNull @YearRange Instant from, @NotNull @YearRange Instant to) implements RequestRules {

    static final Duration LONGEST = MetricsPeriod.LONGEST;

    @Override
    public void check(Violations violations, Context context) {
        if (from.isBefore(to) && Duration.between(from, to).compareTo(LONGEST) > 0) {
            violations.add("to", "max_period", "a baseline spans at most " + LONGEST.toDays() + " days");
        }
    }

    PinDriftBaseline command(String agentId, Instant pinnedAt) {
        return new PinDriftBaseline(agentId, from, to, pinnedAt);
    }
}
