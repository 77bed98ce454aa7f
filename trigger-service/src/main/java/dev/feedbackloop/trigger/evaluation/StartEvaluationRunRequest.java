package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.Size;

/** The pipeline started the run; {@code external_id} is its own id for it. The body may be left out. */
@ApiRequest
public record StartEvaluationRunRequest(@Size(max = JsonValues.MAX_NAME_LENGTH) String externalId) {
}
