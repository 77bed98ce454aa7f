package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A triage note on a cycle; {@code author} defaults to the API key's name. */
@ApiRequest
public record TriageNoteRequest(@Size(max = JsonValues.MAX_NAME_LENGTH) String author,
                                @NotNull @NotBlank @Size(max = JsonValues.MAX_TEXT_LENGTH) String text) {
}
