package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** The cycle opened (or found open): its id and its week's bounds in the cycles' zone. */
@Schema(name = "OpenedCycle")
public record OpenedCycleResponse(String id, String agentId, String week, String zone, Instant startsAt,
                                  Instant endsAt) {

    static OpenedCycleResponse of(OpenImprovementCycle c) {
        return new OpenedCycleResponse(c.cycleId(), c.agentId(), c.week(), c.zone(), c.startsAt(), c.endsAt());
    }
}
