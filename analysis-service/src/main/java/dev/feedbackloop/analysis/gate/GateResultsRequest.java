package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.GateObservation;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Results a pipeline posts for a version: by metric or suite name, the value (a pass rate, a latency in ms, a rate,
 * req/s) and for a suite the number of tests it ran; for one environment, or without {@code environment} for every
 * environment with a gate that reads them (as evaluation runs count).
 */
@ApiRequest
public record GateResultsRequest(
        @NotNull @Size(min = 1, max = VersionApproval.MAX_RESULTS)
        @Schema(description = "results by metric or suite name",
                example = "{\"prompt_injection_suite\": {\"value\": 0.97, \"tests\": 500}, \"p95_latency_ms\": {\"value\": 1800}}")
        Map<String, MetricResult> results,
        String environment) implements RequestRules {

    /** One metric's value and, for a suite, its test count. */
    public record MetricResult(@NotNull Double value, @Min(1) @Max(VersionApproval.MAX_TESTS) Integer tests) {
    }

    @Override
    public void check(Violations violations, Context context) {
        results.forEach((name, result) -> {
            String field = "results." + name;
            if (!GateFileReader.NAME.matcher(name).matches()) {
                violations.add(field, "format", "metric names are lower-case letters, digits and _, starting with a letter");
            } else if (result.value() < 0 || result.value() > VersionApproval.MAX_VALUE || !Double.isFinite(result.value())) {
                violations.add(field + ".value", "range", "must be a number from 0 to 1e12");
            }
        });
    }

    Map<String, GateObservation> observations() {
        Map<String, GateObservation> out = new LinkedHashMap<>();
        results.forEach((name, r) -> out.put(name, new GateObservation(r.value(), r.tests())));
        return out;
    }
}
