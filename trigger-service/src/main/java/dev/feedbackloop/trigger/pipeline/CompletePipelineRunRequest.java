package dev.feedbackloop.trigger.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline completed the run, with its outputs: text values by key (keys 1-128 characters, without '.' and not
 * starting with '$'). Every key and value is checked, so one answer names every broken one. The body may be left out.
 */
@ApiRequest
public record CompletePipelineRunRequest(
        @Size(max = PipelineRun.MAX_ENTRIES)
        @Schema(type = "object", description = "text values by key", example = "{\"model\": \"v8\"}")
        Map<String, JsonNode> outputs)
        implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        outputs.forEach((key, value) -> {
            String field = "outputs." + key;
            if (!PipelineRun.validKey(key)) {
                violations.add(field, "format", "keys must be 1-128 characters without '.' and not start with '$'");
            } else if (!value.isTextual()) {
                violations.add(field, "type", "must be a string");
            } else if (value.textValue().length() > PipelineRun.MAX_VALUE_LENGTH) {
                violations.add(field, "max_length", "must be at most " + PipelineRun.MAX_VALUE_LENGTH + " characters");
            }
        });
    }

    /** The outputs, sorted by key. */
    Map<String, String> texts() {
        Map<String, String> out = new TreeMap<>();
        if (outputs != null) {
            outputs.forEach((key, value) -> out.put(key, value.textValue()));
        }
        return out;
    }
}
