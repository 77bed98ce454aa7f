package dev.feedbackloop.support.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.InteractionSpansHeld;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which fields of which stored event are personal data (21.1.1's PII row: user ids, comments, corrections, free-text
 * metadata), whose value names the data subject, and what an erased field reads as afterwards. Paths are the stored
 * (snake_case) field names separated by {@code /}; {@code *} stands for every element of a list.
 * <p>
 * An erased field reads as {@code null}, except a correction, which reads as an empty text: that the user corrected
 * the agent stays a fact every metric counts the same after erasure; what they wrote does not.
 */
public record PersonalFields(Class<?> eventType, String subjectPath, List<Field> fields) {

    public record Field(String path, JsonNode erased) {
        static Field nulled(String path) {
            return new Field(path, NullNode.getInstance());
        }
    }

    public PersonalFields {
        fields = List.copyOf(fields);
    }

    /** The platform's personal fields. Input features stay plain: they are the numbers and categories drift needs. */
    public static final List<PersonalFields> ALL = List.of(
            new PersonalFields(FeedbackSubmitted.class, "user_id", List.of(
                    Field.nulled("user_id"),
                    Field.nulled("session_id"),
                    Field.nulled("explicit_feedback/comment"),
                    new Field("explicit_feedback/correction", JsonNodeFactory.instance.textNode("")),
                    new Field("metadata/attributes", JsonNodeFactory.instance.objectNode()))),
            new PersonalFields(InteractionRecorded.class, "user_id", List.of(
                    Field.nulled("user_id"),
                    Field.nulled("session_id"))),
            new PersonalFields(InteractionSpansHeld.class, "spans/*/user_id", List.of(
                    Field.nulled("spans/*/user_id"),
                    Field.nulled("spans/*/session_id"))));

    public static Map<String, PersonalFields> byTypeName(List<PersonalFields> rules) {
        return rules.stream().collect(Collectors.toUnmodifiableMap(r -> r.eventType().getName(), Function.identity()));
    }
}
