package dev.feedbackloop.trigger.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline completed the run, with its metrics: numbers named like {@code metric_name}, finite and within
 * ±1e12, every {@code *_rate} within [0, 1] ({@link Metrics}). Every metric is checked, so one answer names every
 * broken one.
 */
@ApiRequest
public record CompleteEvaluationRunRequest(
        @NotNull @Size(max = Metrics.MAX_METRICS)
        @Schema(type = "object", description = "numbers by metric name", example = "{\"task_success_rate\": 0.91}")
        Map<String, JsonNode> metrics) implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        metrics.forEach((name, value) -> {
            String field = "metrics." + name;
            if (!Metrics.NAME.matcher(name).matches()) {
                violations.add(field, "format", "metric names are lower-case letters, digits and _, starting with a letter");
            } else if (!value.isNumber()) {
                violations.add(field, "type", "must be a number");
            } else {
                String problem = Metrics.problem(name, value.doubleValue());
                if (problem != null) {
                    violations.add(field, "range", problem);
                }
            }
        });
    }

    /** The metrics, sorted by name. */
    Map<String, Double> values() {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((name, value) -> out.put(name, value.doubleValue()));
        return out;
    }
}
