package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.analysis.ModelEvent;
import dev.feedbackloop.kernel.feedback.AssessmentEvent;
import dev.feedbackloop.kernel.feedback.FeedbackEvent;
import dev.feedbackloop.support.testing.SampleEvents;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the stored JSON of every event type. If this fails, a change would alter what is already in production
 * event stores: add an upcaster and a new @Revision instead of editing the pin.
 */
class StoredEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Map<Object, String> PINNED = Map.of(
            SampleEvents.feedbackSubmitted("fb-1"),
            "{\"explicit_feedback\":{\"comment\":\"quick and right\",\"rating\":4,\"thumbs\":\"up\"},"
                    + "\"feedback_id\":\"fb-1\",\"fingerprint\":\"f1ngerpr1nt\","
                    + "\"implicit_signals\":{\"escalated_to_human\":false,\"follow_up_required\":false,\"retry_count\":0,"
                    + "\"task_completed\":true,\"time_to_completion_ms\":5300},"
                    + "\"metadata\":{\"agent_id\":\"support-bot\",\"agent_version\":\"2.3.1\",\"attributes\":{\"channel\":\"web\"},"
                    + "\"input_features\":{\"prompt_length\":412,\"language\":\"en\"},\"intent_category\":\"billing\","
                    + "\"tools_used\":[\"crm_lookup\"]},"
                    + "\"received_at\":\"2026-11-28T09:15:00.250Z\",\"session_id\":\"s-1\",\"timestamp\":\"2026-11-28T09:15:00Z\","
                    + "\"trace_id\":\"tr-1\",\"user_id\":\"u-1\"}",
            SampleEvents.assessmentLogged(),
            "{\"assessment_id\":\"a-2\",\"logged_at\":\"2026-11-28T09:15:00Z\",\"metadata\":{\"model\":\"judge\"},"
                    + "\"name\":\"correctness\",\"overrides\":\"a-1\",\"rationale\":\"partly right\","
                    + "\"source\":{\"source_id\":\"judge-v1\",\"source_type\":\"LLM_JUDGE\"},\"trace_id\":\"tr-1\","
                    + "\"value\":{\"score\":0.5}}",
            SampleEvents.assessmentUpdated(),
            "{\"assessment_id\":\"a-2\",\"error\":{\"error_code\":\"TIMEOUT\",\"error_message\":\"judge timed out\"},"
                    + "\"fields\":[\"VALUE\",\"ERROR\",\"RATIONALE\"],\"rationale\":\"judge failed\",\"trace_id\":\"tr-1\","
                    + "\"updated_at\":\"2026-11-28T09:15:30Z\"}",
            SampleEvents.assessmentDeleted(),
            "{\"assessment_id\":\"a-2\",\"deleted_at\":\"2026-11-28T09:16:00Z\",\"restored\":\"a-1\",\"trace_id\":\"tr-1\"}",
            SampleEvents.modelVersionReleased(),
            "{\"model_id\":\"support-bot\",\"notes\":\"refund answers cite the policy\","
                    + "\"recorded_at\":\"2026-11-28T09:15:00Z\",\"released_at\":\"2026-11-20T10:00:00Z\",\"version\":\"2.4.0\"}");

    @Test
    void everyEventTypeHasAPinnedFormat() {
        Set<Class<?>> eventTypes = Stream.of(FeedbackEvent.class, AssessmentEvent.class, ModelEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                .collect(Collectors.toSet());
        Set<Class<?>> pinned = PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(eventTypes);
    }

    @Test
    void eventsAreStoredExactlyAsPinned() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
        });
    }

    @Test
    void pinnedJsonReadsBackIntoEqualEvents() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            Object read = serializer.deserialize(serialized);
            assertThat(read).isEqualTo(event);
        });
    }
}
