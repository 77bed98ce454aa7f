package dev.feedbackloop.feedback.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.feedback.command.FeedbackIngestion;
import dev.feedbackloop.feedback.command.GroupCommitter;
import dev.feedbackloop.feedback.command.SubmissionOutcome;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackView;
import dev.feedbackloop.kernel.feedback.FindFeedback;
import dev.feedbackloop.kernel.feedback.FindTraceFeedback;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.JsonBodies;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agents post feedback here, one at a time or in batches; ML teams read back what was stored. */
@RestController
@RequestMapping("/api/v1")
public class FeedbackController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final FeedbackIngestion ingestion;
    private final GroupCommitter groupCommitter;
    private final QueryGateway queries;
    private final Clock clock;
    private final FeedbackRequestParser parser;
    private final PlatformProperties.Ingest limits;

    public FeedbackController(FeedbackIngestion ingestion, GroupCommitter groupCommitter, QueryGateway queries,
                              Clock clock, IdSource ids, PlatformProperties properties) {
        this.ingestion = ingestion;
        this.groupCommitter = groupCommitter;
        this.queries = queries;
        this.clock = clock;
        this.limits = properties.ingest();
        this.parser = new FeedbackRequestParser(ids, limits.maxClockSkew());
    }

    @PostMapping(path = "/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> submit(@RequestBody(required = false) Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, limits.maxFeedbackBytes())
                .map(bytes -> parser.parse(JsonBodies.parse(bytes), Instant.now(clock)))
                .flatMap(parsed -> {
                    if (!parsed.valid()) {
                        return Mono.error(ApiProblem.validation(parsed.errors()));
                    }
                    return Mono.fromFuture(() -> groupCommitter.submit(parsed.command()));
                })
                .map(outcome -> {
                    if (outcome.status() == SubmissionOutcome.Status.CONFLICT) {
                        throw conflict(outcome.feedbackId());
                    }
                    return ResponseEntity.status(HttpStatus.ACCEPTED)
                            .location(URI.create("/api/v1/feedback/" + outcome.feedbackId().value()))
                            .body(Map.of("feedback_id", outcome.feedbackId().value(), "status", "accepted"));
                });
    }

    @PostMapping(path = "/feedback/batch", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> submitBatch(
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) Flux<DataBuffer> body) {
        boolean ndjson = isNdjson(contentType);
        return JsonBodies.read(body == null ? Flux.empty() : body, limits.maxBatchBytes())
                .map(bytes -> ndjson ? splitNdjson(bytes) : splitArray(bytes))
                .flatMap(items -> Mono.fromCallable(() -> store(items)).subscribeOn(Schedulers.boundedElastic()))
                .map(ResponseEntity::ok);
    }

    @GetMapping("/feedback/{feedbackId}")
    public Mono<Map<String, Object>> find(@PathVariable String feedbackId) {
        if (!Identifier.isValid(feedbackId) || dev.feedbackloop.kernel.common.Streams.isNamespaced(feedbackId)) {
            return Mono.error(ApiProblem.validation("feedback_id", "format", "is not a valid feedback id"));
        }
        return Mono.fromFuture(() -> queries.query(new FindFeedback(FeedbackId.of(feedbackId)),
                        ResponseTypes.instanceOf(FeedbackView.class)))
                .map(FeedbackJson::feedback)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No feedback with id '" + feedbackId + "'")));
    }

    @GetMapping("/traces/{traceId}/feedback")
    public Mono<Map<String, Object>> findByTrace(@PathVariable String traceId) {
        if (!Identifier.isValid(traceId)) {
            return Mono.error(ApiProblem.validation("trace_id", "format", "is not a valid trace id"));
        }
        return Mono.fromFuture(() -> queries.query(new FindTraceFeedback(TraceId.of(traceId)),
                        ResponseTypes.multipleInstancesOf(FeedbackView.class)))
                .map(list -> Map.of("trace_id", traceId, "feedback", list.stream().map(FeedbackJson::feedback).toList()));
    }

    private static boolean isNdjson(String contentType) {
        try {
            return contentType != null && MediaType.parseMediaType(contentType).isCompatibleWith(NDJSON);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw ApiProblem.validation("Content-Type", "media_type", "is not a valid media type: " + e.getMessage());
        }
    }

    /** One parsed batch item: its JSON, or the error that kept it from being JSON. */
    private record Item(JsonNode json, FieldError syntaxError) {
    }

    private List<Item> splitArray(byte[] bytes) {
        JsonNode root = JsonBodies.parse(bytes);
        if (!root.isArray()) {
            throw ApiProblem.validation("", "type", "a batch must be a JSON array of feedback (or NDJSON with Content-Type application/x-ndjson)");
        }
        checkSize(root.size());
        List<Item> items = new ArrayList<>(root.size());
        root.forEach(node -> items.add(new Item(node, null)));
        return items;
    }

    private List<Item> splitNdjson(byte[] bytes) {
        List<Item> items = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i;
                if (end > start && bytes[end - 1] == '\r') {
                    end--;
                }
                if (!new String(bytes, start, end - start, StandardCharsets.UTF_8).isBlank()) {
                    checkSize(items.size() + 1);
                    try {
                        items.add(new Item(JsonBodies.parse(bytes, start, end - start, ""), null));
                    } catch (ApiProblem e) {
                        items.add(new Item(null, e.errors().get(0)));
                    }
                }
                start = i + 1;
            }
        }
        if (items.isEmpty()) {
            throw ApiProblem.validation("", "min_items", "a batch must hold at least one feedback");
        }
        return items;
    }

    private void checkSize(int size) {
        if (size > limits.maxBatchItems()) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCode.VALIDATION_FAILED,
                    "A batch holds at most " + limits.maxBatchItems() + " feedback",
                    List.of(new FieldError("", "max_items", "must hold at most " + limits.maxBatchItems() + " items")));
        }
        if (size == 0) {
            throw ApiProblem.validation("", "min_items", "a batch must hold at least one feedback");
        }
    }

    private Map<String, Object> store(List<Item> items) {
        Instant receivedAt = Instant.now(clock);
        List<Map<String, Object>> results = new ArrayList<>(items.size());
        List<SubmitFeedback> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            if (item.syntaxError() != null) {
                result.put("feedback_id", null);
                result.put("status", "rejected");
                result.put("errors", List.of(item.syntaxError()));
            } else {
                FeedbackRequestParser.Parsed parsed = parser.parse(item.json(), receivedAt);
                result.put("feedback_id", parsed.feedbackId());
                if (parsed.valid()) {
                    result.put("status", "pending");
                    valid.add(parsed.command());
                    validIndexes.add(i);
                } else {
                    result.put("status", "rejected");
                    result.put("errors", parsed.errors());
                }
            }
            results.add(result);
        }
        List<SubmissionOutcome> outcomes = valid.isEmpty() ? List.of() : ingestion.submitAll(valid);
        for (int k = 0; k < outcomes.size(); k++) {
            Map<String, Object> result = results.get(validIndexes.get(k));
            SubmissionOutcome outcome = outcomes.get(k);
            if (outcome.status() == SubmissionOutcome.Status.ACCEPTED) {
                result.put("status", "accepted");
            } else {
                result.put("status", "conflict");
                result.put("errors", List.of(new FieldError("feedback_id", "unique_content",
                        "was already stored with other content")));
            }
        }
        long accepted = results.stream().filter(r -> "accepted".equals(r.get("status"))).count();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", accepted);
        response.put("rejected", results.size() - accepted);
        response.put("items", results);
        return response;
    }

    static ApiProblem conflict(FeedbackId id) {
        return new ApiProblem(HttpStatus.CONFLICT, ErrorCode.FEEDBACK_ID_CONFLICT,
                "feedback_id '" + id.value() + "' was already stored with other content",
                List.of(new FieldError("feedback_id", "unique_content", "was already stored with other content")));
    }
}
