package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.GateOverride;
import dev.feedbackloop.support.web.ApiRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Request bodies of the release API. */
public final class ReleaseRequests {

    private ReleaseRequests() {
    }

    /**
     * A pipeline opens a canary. {@code canaryConfig} defaults to the spec's; {@code openedAt} (when traffic started
     * going to the canary, event time) defaults to now; {@code override} lets a release past blocking gates.
     */
    @ApiRequest
    public record Open(@NotBlank @Size(max = 200) String agentId, @NotBlank @Size(max = 200) String version,
                       @NotBlank @Size(max = 200) String baselineVersion, CanaryConfig canaryConfig,
                       GateOverride override, Instant openedAt) {
    }

    /** The pipeline reports what it did: action promoted (with percentage), rolled_back, paused or resumed. */
    @ApiRequest
    public record Report(@NotBlank String action, Integer percentage, @Size(max = 2000) String note,
                         Instant reportedAt) {
    }
}
