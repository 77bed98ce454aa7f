package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.PinDriftBaseline;

import java.time.Instant;

/** An agent's pinned drift baseline. */
public record BaselineResponse(String agentId, Instant from, Instant to, Instant pinnedAt) {

    static BaselineResponse of(DriftBaselinePinned pin) {
        return new BaselineResponse(pin.agentId(), pin.from(), pin.to(), pin.pinnedAt());
    }

    static BaselineResponse of(PinDriftBaseline pin) {
        return new BaselineResponse(pin.agentId(), pin.from(), pin.to(), pin.pinnedAt());
    }
}
