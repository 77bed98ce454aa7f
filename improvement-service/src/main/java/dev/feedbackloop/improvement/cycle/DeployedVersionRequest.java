package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** The version deployed during the week, when a person knows it before the feedback shows it. */
@ApiRequest
public record DeployedVersionRequest(@NotNull @WellFormedId String version, @WellFormedId String previousVersion,
                                     @NotNull Instant deployedAt, @Size(max = JsonValues.MAX_NAME_LENGTH) String by)
        implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        if (deployedAt.isAfter(context.receivedAt())) {
            violations.add("deployed_at", "not_future", "must not be in the future");
        }
    }
}
