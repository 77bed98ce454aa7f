package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.TreeMap;

/**
 * Accepts success criteria: {@code thresholds} by metric name, or the proposed ones when it is left out (an empty
 * object too: the reader reads an absent map as empty, and no criteria at all would be no criteria to measure by).
 */
@ApiRequest
public record SuccessCriteriaRequest(
        @Schema(description = "thresholds by metric name; the proposed ones when left out or empty",
                example = "{\"task_success_rate\": 0.82}") Map<String, Double> thresholds,
        @Size(max = JsonValues.MAX_NAME_LENGTH) String by) implements RequestRules {

    /** The thresholds to accept, or null for the proposed ones. */
    Map<String, Double> thresholdsToAccept() {
        return thresholds == null || thresholds.isEmpty() ? null : new TreeMap<>(thresholds);
    }

    @Override
    public void check(Violations violations, Context context) {
        if (thresholds == null) {
            return;
        }
        thresholds.keySet().stream()
                .filter(metric -> metric.isBlank() || metric.length() > JsonValues.MAX_ID_LENGTH)
                .forEach(metric -> violations.add("thresholds." + metric, "format",
                        "metric names must be 1-" + JsonValues.MAX_ID_LENGTH + " characters"));
    }
}
