package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.support.web.Violations;

import java.util.Locale;
import java.util.Map;

/**
 * MLflow's assessment source types onto the platform's, in one table (docs/mlflow.md shows it). MLflow's own names
 * ({@code HUMAN}, {@code LLM_JUDGE}, {@code CODE}, any case) map to themselves, and {@code AI_JUDGE}, which MLflow 3
 * deprecated for {@code LLM_JUDGE}, to {@code LLM_JUDGE}. The feedback loop's channel names of spec 21.4.4
 * ({@code source="user_explicit"}) map to the source type that made them, and the channel name becomes the
 * {@code source_id} when none is given, so the channel is not lost. A source may be MLflow's object
 * ({@code {"source_type": .., "source_id": ..}}) or such a name alone.
 */
final class MlflowSources {

    /** Spelled as the spec's seed code and its feedback_evaluation_loop sources write them. */
    static final Map<String, AssessmentSourceType> CHANNELS = Map.of(
            "user_explicit", AssessmentSourceType.HUMAN,
            "explicit_user_ratings", AssessmentSourceType.HUMAN,
            "human_expert_review", AssessmentSourceType.HUMAN,
            "system_implicit", AssessmentSourceType.CODE,
            "implicit_behavior_signals", AssessmentSourceType.CODE,
            "llm_judge_assessments", AssessmentSourceType.LLM_JUDGE);

    /** MLflow's deprecated names (mlflow/entities/assessment_source.py: AI_JUDGE reads as LLM_JUDGE). */
    static final Map<String, AssessmentSourceType> DEPRECATED = Map.of("AI_JUDGE", AssessmentSourceType.LLM_JUDGE);

    private MlflowSources() {
    }

    static AssessmentSource read(JsonNode source, String path, Violations violations) {
        if (source == null || source.isNull()) {
            violations.add(path, "required", "is required: {\"source_type\": \"HUMAN\"|\"LLM_JUDGE\"|\"CODE\", \"source_id\": ..}");
            return null;
        }
        if (source.isTextual()) {
            AssessmentSourceType type = type(source.textValue(), path, violations);
            String channel = source.textValue().trim().toLowerCase(Locale.ROOT);
            return type == null ? null : new AssessmentSource(type, CHANNELS.containsKey(channel) ? channel : null);
        }
        if (!source.isObject()) {
            violations.add(path, "type", "must be an object {\"source_type\", \"source_id\"} or a source name");
            return null;
        }
        JsonNode typeNode = source.get("source_type");
        JsonNode idNode = source.get("source_id");
        if (typeNode == null || !typeNode.isTextual()) {
            violations.add(path + ".source_type", "required", "is required, one of HUMAN, LLM_JUDGE, CODE");
            return null;
        }
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            violations.add(path + ".source_id", "type", "must be a string");
            return null;
        }
        AssessmentSourceType type = type(typeNode.textValue(), path + ".source_type", violations);
        if (type == null) {
            return null;
        }
        String id = idNode == null || idNode.isNull() ? null : idNode.textValue();
        if (id == null && CHANNELS.containsKey(typeNode.textValue().toLowerCase(Locale.ROOT))) {
            id = typeNode.textValue().toLowerCase(Locale.ROOT);
        }
        if (id != null && id.length() > 256) {
            violations.add(path + ".source_id", "max_length", "must be at most 256 characters");
            return null;
        }
        return new AssessmentSource(type, id);
    }

    static AssessmentSourceType type(String name, String path, Violations violations) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        for (AssessmentSourceType type : AssessmentSourceType.values()) {
            if (type.wireName().equals(upper)) {
                return type;
            }
        }
        if (DEPRECATED.containsKey(upper)) {
            return DEPRECATED.get(upper);
        }
        AssessmentSourceType channel = CHANNELS.get(name.trim().toLowerCase(Locale.ROOT));
        if (channel == null) {
            violations.add(path, "enum", "'" + name + "' is not a source type; use HUMAN, LLM_JUDGE or CODE (AI_JUDGE"
                    + " is read as LLM_JUDGE), or one of " + String.join(", ", new java.util.TreeSet<>(CHANNELS.keySet())));
        }
        return channel;
    }
}
