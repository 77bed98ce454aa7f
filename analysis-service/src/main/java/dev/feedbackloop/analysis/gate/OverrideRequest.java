package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.OverrideApproval;
import dev.feedbackloop.support.web.ApiRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A named person lets a blocked or pending version through, for a reason; in {@code environment}, production (the
 * gate file's last environment) when not given.
 */
@ApiRequest
public record OverrideRequest(@NotNull @NotBlank @Size(max = OverrideApproval.MAX_BY_LENGTH) String by,
                              @NotNull @NotBlank @Size(max = OverrideApproval.MAX_REASON_LENGTH) String reason,
                              String environment) {
}
