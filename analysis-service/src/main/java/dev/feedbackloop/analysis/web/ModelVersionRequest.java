package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ReleaseModelVersion;
import dev.feedbackloop.support.web.ApiRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * A release announced by a deployment pipeline: the version, when it was released (at most a few minutes after the
 * platform receives it, from 2000 on) and optional notes.
 */
@ApiRequest
public record ModelVersionRequest(@NotNull @ModelVersionName String version,
                                  @NotNull @NotInFuture(skewMinutes = 5, message = "must not be more than 5 minutes after the time it is received")
                                  @YearRange(min = 2000, message = "must not be before 2000-01-01") Instant releasedAt,
                                  @Size(max = ReleaseModelVersion.MAX_NOTES_LENGTH) String notes) {

    ReleaseModelVersion command(ModelId model, Instant recordedAt) {
        return new ReleaseModelVersion(model, version, releasedAt, notes, recordedAt);
    }
}
