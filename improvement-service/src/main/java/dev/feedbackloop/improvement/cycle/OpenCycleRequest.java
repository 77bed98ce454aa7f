package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.common.IsoWeeks;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.ZoneId;

/** Opens an agent's cycle for a past or the current ISO week; the cycle of a future week opens when it starts. */
@ApiRequest
public record OpenCycleRequest(@NotNull @WellFormedId String agentId,
                               @NotNull @IsoWeek @Schema(pattern = "^\\d{4}-W\\d{2}$", example = "2026-W47") String week) implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        if (!Identifier.isValid(ImprovementCycle.idOf(agentId, week))) {
            violations.add("agent_id", "max_length", "is too long for a cycle id (cy-<agent_id>-<week>, at most "
                    + Identifier.MAX_LENGTH + " characters)");
        }
    }

    /** The command; a week that starts after {@code now} in the cycles' zone is refused ({@code not_future}). */
    OpenImprovementCycle command(ZoneId zone, Instant now) {
        if (IsoWeeks.start(week, zone).isAfter(now)) {
            throw ApiProblem.validation("week", "not_future", "must be the current or a past week; "
                    + "the cycle of a future week opens when that week starts");
        }
        return CycleOpener.open(agentId, week, zone, now);
    }
}
