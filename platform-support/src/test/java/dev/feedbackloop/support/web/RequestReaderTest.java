package dev.feedbackloop.support.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestReaderTest {

    final RequestReader reader = new RequestReader(Validation.buildDefaultValidatorFactory().getValidator());
    static final RequestRules.Context AT = new RequestRules.Context(Instant.parse("2026-12-01T10:00:00Z"));

    record Explicit(@Range(min = 1, max = 5) Integer rating, Thumbs thumbs, @Size(max = 10) String comment) {
    }

    record Implicit(Boolean taskCompleted, @Min(0) Long timeToCompletionMs, @Range(min = 0, max = 100) Integer retryCount) {
    }

    record Metadata(@Size(max = 8) String agentId, @Size(max = 3) List<String> toolsUsed,
                    @OtherFields Map<String, Object> attributes) {
    }

    record Sample(@NotNull TraceId traceId, Instant timestamp, Explicit explicitFeedback, Implicit implicitSignals,
                  Metadata metadata) implements RequestRules {
        @Override
        public void check(Violations violations, Context context) {
            if (explicitFeedback == null && implicitSignals == null) {
                violations.add("", "at_least_one_signal", "carries no signal");
            }
            if (timestamp != null && timestamp.isAfter(context.receivedAt())) {
                violations.add("timestamp", "not_in_future", "must not be after the time it is received");
            }
        }
    }

    JsonNode json(String text) {
        return JsonBodies.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    List<FieldError> errors(String text) {
        try {
            reader.read(json(text), Sample.class, AT);
        } catch (ApiProblem p) {
            return p.errors();
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void aValidBodyBecomesTheRecordWithSnakeCaseNamesTypedIdsEnumsAndOtherFields() {
        Sample s = reader.read(json("""
                {"trace_id": "t-1", "timestamp": "2026-12-01T09:00:00+01:00",
                 "explicit_feedback": {"rating": 4, "thumbs": "down", "comment": "slow"},
                 "implicit_signals": {"task_completed": true, "time_to_completion_ms": 1200, "retry_count": 0},
                 "metadata": {"agent_id": "bot", "tools_used": ["crm"], "channel": "web", "score": 0.5}}
                """), Sample.class, AT);
        assertThat(s.traceId()).isEqualTo(TraceId.of("t-1"));
        assertThat(s.timestamp()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(s.explicitFeedback()).isEqualTo(new Explicit(4, Thumbs.DOWN, "slow"));
        assertThat(s.implicitSignals()).isEqualTo(new Implicit(true, 1200L, 0));
        assertThat(s.metadata().toolsUsed()).containsExactly("crm");
        assertThat(s.metadata().attributes()).containsEntry("channel", "web").containsEntry("score", 0.5);
    }

    @Test
    void everyBrokenRuleIsNamedAtOnceWithItsPathAndRule() {
        assertThat(errors("""
                {"trace_id": 1, "timestamp": "yesterday", "explicit_feedback": {"rating": 9, "thumbs": "meh",
                 "comment": "far too long a comment"}, "implicit_signals": {"time_to_completion_ms": -1, "retry_count": 1.5},
                 "metadata": {"tools_used": ["a", 2]}, "extra": true}
                """)).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("extra", "unknown_field"),
                org.assertj.core.groups.Tuple.tuple("trace_id", "type"),
                org.assertj.core.groups.Tuple.tuple("timestamp", "format"),
                org.assertj.core.groups.Tuple.tuple("explicit_feedback.thumbs", "enum"),
                org.assertj.core.groups.Tuple.tuple("explicit_feedback.rating", "range"),
                org.assertj.core.groups.Tuple.tuple("explicit_feedback.comment", "max_length"),
                org.assertj.core.groups.Tuple.tuple("implicit_signals.time_to_completion_ms", "min"),
                org.assertj.core.groups.Tuple.tuple("implicit_signals.retry_count", "type"),
                org.assertj.core.groups.Tuple.tuple("metadata.tools_used[1]", "type"));
    }

    @Test
    void constraintMessagesSayTheBound() {
        assertThat(errors("{\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 0}}"))
                .containsExactly(new FieldError("explicit_feedback.rating", "range", "must be between 1 and 5"));
        assertThat(errors("{\"trace_id\": \"t\", \"implicit_signals\": {\"time_to_completion_ms\": -5}}"))
                .containsExactly(new FieldError("implicit_signals.time_to_completion_ms", "min", "must be at least 0"));
        assertThat(errors("{\"trace_id\": \"t\", \"metadata\": {\"tools_used\": [\"a\",\"b\",\"c\",\"d\"]}, \"explicit_feedback\": {}}"))
                .containsExactly(new FieldError("metadata.tools_used", "max_items", "must have at most 3 items"));
    }

    @Test
    void aMissingRequiredFieldAndAnInvalidIdAreNamed() {
        assertThat(errors("{\"explicit_feedback\": {\"rating\": 3}}"))
                .containsExactly(new FieldError("trace_id", "required", "is required"));
        assertThat(errors("{\"trace_id\": \"a b\", \"explicit_feedback\": {\"rating\": 3}}"))
                .extracting(FieldError::field, FieldError::rule).containsExactly(org.assertj.core.groups.Tuple.tuple("trace_id", "format"));
    }

    @Test
    void theRecordsOwnRulesRunOnceItsFieldsAreValid() {
        assertThat(errors("{\"trace_id\": \"t\"}")).containsExactly(new FieldError("", "at_least_one_signal", "carries no signal"));
        assertThat(errors("{\"trace_id\": \"t\", \"timestamp\": \"2026-12-02T00:00:00Z\", \"explicit_feedback\": {}}"))
                .extracting(FieldError::rule).containsExactly("not_in_future");
    }

    @Test
    void aNumberBeyondADoubleInFreeFormMetadataIsARangeError() {
        assertThat(errors("{\"trace_id\": \"t\", \"explicit_feedback\": {}, \"metadata\": {\"score\": 1e400}}"))
                .containsExactly(new FieldError("metadata.score", "range", "must be a finite number"));
    }

    record Judged(@NotNull String name, @NotNull JsonNode value) {
    }

    @Test
    void aJsonNodeFieldTellsANullValueFromAMissingOne() {
        Judged judged = reader.read(json("{\"name\": \"x\", \"value\": null}"), Judged.class, AT);
        assertThat(judged.value().isNull()).isTrue();
        assertThat(reader.read(json("{\"name\": \"x\", \"value\": [1, {\"a\": true}]}"), Judged.class, AT).value())
                .isEqualTo(json("[1, {\"a\": true}]"));
        assertThatThrownBy(() -> reader.read(json("{\"name\": null}"), Judged.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors()).extracting(FieldError::field)
                        .containsExactly("name", "value"));
    }

    record Tags(List<@Size(max = 3) String> tags) {
    }

    @Test
    void aConstraintOnAListsElementsNamesTheElement() {
        assertThatThrownBy(() -> reader.read(json("{\"tags\": [\"ok\", \"too long\", \"no\", \"also long\"]}"), Tags.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(FieldError::field, FieldError::rule)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("tags[1]", "max_length"),
                                org.assertj.core.groups.Tuple.tuple("tags[3]", "max_length")));
    }

    @ApiQuery
    record Listing(String agentId, @Range(min = 1, max = 1000) Integer limit, Boolean includeResolved, Thumbs thumbs,
                   List<String> state) {
    }

    @Test
    void aQueryStringReadsTextAsTypedValuesAndRepeatedParametersAsLists() {
        Listing l = reader.readQuery(Map.of("agent_id", List.of("bot"), "limit", List.of("20"),
                "include_resolved", List.of("true"), "thumbs", List.of("up"), "state", List.of("open", "cleared")), Listing.class, AT);
        assertThat(l).isEqualTo(new Listing("bot", 20, true, Thumbs.UP, List.of("open", "cleared")));
        assertThatThrownBy(() -> reader.readQuery(Map.of("limit", List.of("many"), "include_resolved", List.of("yes"),
                "unknown", List.of("1")), Listing.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("limit", "type"),
                                org.assertj.core.groups.Tuple.tuple("include_resolved", "type"),
                                org.assertj.core.groups.Tuple.tuple("unknown", "unknown_field")));
        assertThatThrownBy(() -> reader.readQuery(Map.of("limit", List.of("0")), Listing.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .containsExactly(new FieldError("limit", "range", "must be between 1 and 1000")));
    }

    record Named(@jakarta.validation.constraints.NotBlank String agentId,
                 @jakarta.validation.constraints.NotEmpty List<String> tags, String note) {
    }

    @Test
    void aMissingOrNullNotBlankOrNotEmptyFieldIsRequiredAndABlankOneIsRefused() {
        for (String body : List.of("{}", "{\"agent_id\": null, \"tags\": null}")) {
            assertThatThrownBy(() -> reader.read(json(body), Named.class, AT)).isInstanceOfSatisfying(ApiProblem.class,
                    p -> assertThat(p.errors()).extracting(FieldError::field, FieldError::rule).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("agent_id", "required"),
                            org.assertj.core.groups.Tuple.tuple("tags", "required")));
        }
        assertThatThrownBy(() -> reader.read(json("{\"agent_id\": \" \", \"tags\": []}"), Named.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(FieldError::field).containsExactly("agent_id", "tags"));
        assertThat(reader.read(json("{\"agent_id\": \"bot\", \"tags\": [\"a\"]}"), Named.class, AT).note()).isNull();
        // in a query string a parameter left out is not given: only a blank one is refused
        assertThat(reader.readQuery(Map.of("note", List.of("x")), Named.class, AT).agentId()).isNull();
        assertThatThrownBy(() -> reader.readQuery(Map.of("agent_id", List.of(" ")), Named.class, AT))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors()).extracting(FieldError::rule)
                        .containsExactly("not_blank"));
    }
}
