package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.web.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.FindTraceAssessments;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonBodies;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Assessments of a trace in the shape MLflow 3 users know, with overrides kept for the audit trail. */
@RestController
@RequestMapping("/api/v1/traces/{traceId}/assessments")
public class AssessmentController {

    static final Set<String> FIELDS = Set.of("assessment_name", "value", "source", "rationale", "metadata", "overrides");
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final IdSource ids;

    public AssessmentController(CommandGateway commands, QueryGateway queries, Clock clock, IdSource ids) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.ids = ids;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> log(@PathVariable String traceId,
                                                         @RequestBody(required = false) Flux<DataBuffer> body) {
        TraceId trace = traceId(traceId);
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(bytes -> parse(trace, JsonBodies.parse(bytes)))
                .flatMap(command -> Mono.fromCallable(() -> {
                            commands.sendAndWait(command);
                            return command;
                        })
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(c -> ResponseEntity.created(URI.create("/api/v1/traces/" + traceId + "/assessments/" + c.assessmentId()))
                        .body(created(c)));
    }

    @GetMapping
    public Mono<Map<String, Object>> list(@PathVariable String traceId) {
        TraceId trace = traceId(traceId);
        return Mono.fromFuture(() -> queries.query(new FindTraceAssessments(trace),
                        ResponseTypes.multipleInstancesOf(AssessmentView.class)))
                .map(list -> Map.of("trace_id", traceId,
                        "assessments", list.stream().map(FeedbackJson::assessment).toList()));
    }

    @DeleteMapping("/{assessmentId}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String traceId, @PathVariable String assessmentId) {
        TraceId trace = traceId(traceId);
        if (!Identifier.isValid(assessmentId)) {
            return Mono.error(ApiProblem.validation("assessment_id", "format", "is not a valid assessment id"));
        }
        DeleteAssessment command = new DeleteAssessment(trace, AssessmentId.of(assessmentId), Instant.now(clock));
        return Mono.fromCallable(() -> {
                    try {
                        commands.sendAndWait(command);
                    } catch (AggregateNotFoundException e) {
                        throw ApiProblem.notFound("Trace '" + traceId + "' has no assessment '" + assessmentId + "'");
                    }
                    return ResponseEntity.noContent().<Void>build();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static TraceId traceId(String value) {
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation("trace_id", "format", "is not a valid trace id");
        }
        return TraceId.of(value);
    }

    private LogAssessment parse(TraceId trace, JsonNode root) {
        JsonValues v = new JsonValues();
        if (!root.isObject()) {
            throw ApiProblem.validation("", "type", "an assessment must be a JSON object");
        }
        v.onlyKnownFields(root, "", FIELDS);
        String name = v.string(root, "assessment_name", "", JsonValues.MAX_NAME_LENGTH);
        if (name == null && !root.hasNonNull("assessment_name")) {
            v.reject("assessment_name", "required", "is required");
        } else if (name != null && name.isBlank()) {
            v.reject("assessment_name", "required", "must not be blank");
        }
        if (!root.has("value")) {
            v.reject("value", "required", "is required (any JSON value, null included)");
        }
        AssessmentSource source = null;
        JsonNode s = v.object(root.get("source"), "source");
        if (s == null && !root.hasNonNull("source")) {
            v.reject("source", "required", "is required: {\"source_type\": \"HUMAN\"|\"LLM_JUDGE\"|\"CODE\", \"source_id\": ...}");
        }
        if (s != null) {
            v.onlyKnownFields(s, "source", Set.of("source_type", "source_id"));
            String type = v.string(s, "source_type", "source", 32);
            String sourceId = v.string(s, "source_id", "source", JsonValues.MAX_NAME_LENGTH);
            AssessmentSourceType sourceType = Arrays.stream(AssessmentSourceType.values())
                    .filter(t -> t.name().equals(type)).findFirst().orElse(null);
            if (sourceType == null) {
                v.reject("source.source_type", type == null ? "required" : "enum", "must be one of HUMAN, LLM_JUDGE, CODE");
            } else {
                source = new AssessmentSource(sourceType, sourceId);
            }
        }
        String rationale = v.string(root, "rationale", "", JsonValues.MAX_TEXT_LENGTH);
        JsonNode metadataNode = v.object(root.get("metadata"), "metadata");
        String overrides = v.identifier(root, "overrides", "");
        Object value = v.plain(root.get("value"), "value");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = metadataNode == null ? Map.of() : (Map<String, Object>) v.plain(metadataNode, "metadata");
        if (!v.errors().isEmpty()) {
            throw ApiProblem.validation(v.errors());
        }
        return new LogAssessment(trace, AssessmentId.of(ids.next("a-")), name, value,
                source, rationale, metadata, overrides == null ? null : AssessmentId.of(overrides), Instant.now(clock));
    }

    private static Map<String, Object> created(LogAssessment c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assessment_id", c.assessmentId().value());
        out.put("trace_id", c.traceId().value());
        out.put("assessment_name", c.name());
        out.put("value", c.value());
        out.put("source", Map.of("source_type", c.source().sourceType().name(),
                "source_id", c.source().sourceId() == null ? "" : c.source().sourceId()));
        out.put("rationale", c.rationale());
        out.put("metadata", c.metadata());
        out.put("overrides", c.overrides() == null ? null : c.overrides().value());
        out.put("valid", true);
        out.put("create_time", c.loggedAt().toString());
        return out;
    }
}
