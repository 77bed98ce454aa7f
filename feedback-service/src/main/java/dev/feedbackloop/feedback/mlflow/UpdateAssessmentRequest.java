package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.feedback.UpdateAssessment;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.OtherFields;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's {@code UpdateAssessment} (mlflow/protos/service.proto, {@code PATCH
 * /mlflow/traces/{trace_id}/assessments/{assessment_id}}): the {@code assessment} holding the new values and the
 * {@code update_mask} naming the fields to change. The mask is a {@code google.protobuf.FieldMask}, whose JSON form
 * is one string of comma-separated paths in lowerCamelCase ({@code "assessmentName,feedback"}, as the Python client's
 * {@code MessageToJson} writes it); snake_case paths, a list of paths and {@code {"paths": [..]}} are read too.
 * <p>
 * Paths: {@code assessment_name}; {@code feedback} (value and error), {@code feedback.value}, {@code feedback.error};
 * {@code expectation}, {@code expectation.value}, {@code expectation.serialized_value}; {@code rationale};
 * {@code metadata} (replaced as a whole); {@code error} (deprecated). The source, span, trace, times, overrides and
 * validity cannot be updated.
 */
@ApiRequest
@Schema(name = "MlflowUpdateAssessment")
public record UpdateAssessmentRequest(@NotNull MlflowAssessmentBody assessment, @NotNull @Schema(description = "google.protobuf.FieldMask: \"assessmentName,feedback\"") JsonNode updateMask,
                                      @OtherFields Map<String, Object> other) implements RequestRules {

    static final Set<String> FIXED = Set.of("assessment_id", "trace_id", "span_id", "source", "source.source_type",
            "source.source_id", "create_time", "last_update_time", "overrides", "valid");

    @Override
    public void check(Violations violations, Context context) {
        Set<String> paths = paths(updateMask, violations);
        if (paths == null) {
            return;
        }
        if (paths.isEmpty()) {
            violations.add("update_mask", "required", "must name at least one field to update");
        }
        for (String path : paths) {
            switch (path) {
                case "assessment_name" -> {
                    if (assessment.assessmentName() == null || assessment.assessmentName().isBlank()) {
                        violations.add("assessment.assessment_name", "required", "must not be blank");
                    }
                }
                case "feedback", "feedback.value", "feedback.error" -> assessment.checkFeedback(violations);
                case "expectation", "expectation.value", "expectation.serialized_value" ->
                        assessment.checkExpectation(violations);
                case "rationale", "metadata", "error" -> {
                }
                default -> violations.add("update_mask", FIXED.contains(path) ? "immutable" : "unknown_field",
                        "'" + path + "' " + (FIXED.contains(path) ? "cannot be updated" : "is not a field of Assessment"));
            }
        }
        if (paths.stream().anyMatch(p -> p.startsWith("feedback")) && paths.stream().anyMatch(p -> p.startsWith("expectation"))) {
            violations.add("update_mask", "one_of", "may name feedback or expectation, not both");
        }
    }

    UpdateAssessment command(TraceId trace, AssessmentId id, Instant updatedAt) {
        Set<String> paths = paths(updateMask, new Violations());
        Set<AssessmentField> fields = EnumSet.noneOf(AssessmentField.class);
        AssessmentKind valueKind = null;
        for (String path : paths) {
            switch (path) {
                case "assessment_name" -> fields.add(AssessmentField.NAME);
                case "feedback" -> {
                    fields.add(AssessmentField.VALUE);
                    fields.add(AssessmentField.ERROR);
                    valueKind = AssessmentKind.FEEDBACK;
                }
                case "feedback.value" -> {
                    fields.add(AssessmentField.VALUE);
                    valueKind = AssessmentKind.FEEDBACK;
                }
                case "feedback.error", "error" -> fields.add(AssessmentField.ERROR);
                case "expectation", "expectation.value", "expectation.serialized_value" -> {
                    fields.add(AssessmentField.VALUE);
                    valueKind = AssessmentKind.EXPECTATION;
                }
                case "rationale" -> fields.add(AssessmentField.RATIONALE);
                case "metadata" -> fields.add(AssessmentField.METADATA);
                default -> throw new IllegalStateException("checked before: " + path);
            }
        }
        MlflowAssessmentBody a = assessment;
        return new UpdateAssessment(trace, id, fields, a.assessmentName(), a.value(), a.serializationFormat(),
                a.assessmentError(), a.rationale(), a.metadata(), updatedAt, valueKind);
    }

    /** The mask's paths in snake_case, or null (and a violation) when it is not a mask. */
    static Set<String> paths(JsonNode mask, Violations violations) {
        Set<String> paths = new LinkedHashSet<>();
        JsonNode list = mask.isObject() ? mask.get("paths") : mask;
        if (list != null && list.isTextual()) {
            for (String path : list.textValue().split(",")) {
                if (!path.isBlank()) {
                    paths.add(snakeCase(path.trim()));
                }
            }
            return paths;
        }
        if (list != null && list.isArray()) {
            for (JsonNode path : list) {
                if (!path.isTextual()) {
                    violations.add("update_mask", "type", "paths must be strings");
                    return null;
                }
                paths.add(snakeCase(path.textValue().trim()));
            }
            return paths;
        }
        violations.add("update_mask", "type", "must be a FieldMask: a string of comma-separated paths such as"
                + " \"assessmentName,feedback\"");
        return null;
    }

    static String snakeCase(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
