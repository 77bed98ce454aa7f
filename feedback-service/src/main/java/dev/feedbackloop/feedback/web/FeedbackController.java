package dev.feedbackloop.feedback.web;

import dev.feedbackloop.feedback.command.FeedbackIngestion;
import dev.feedbackloop.feedback.command.GroupCommitter;
import dev.feedbackloop.feedback.command.SubmissionOutcome;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.common.Streams;
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
import dev.feedbackloop.support.web.Locations;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Agents post feedback here, one at a time or in batches; ML teams read back what was stored. */
@RestController
@RequestMapping("/api/v1")
public class FeedbackController {

    private final FeedbackIngestion ingestion;
    private final GroupCommitter groupCommitter;
    private final QueryGateway queries;
    private final Clock clock;
    private final IdSource ids;
    private final Duration maxClockSkew;

    public FeedbackController(FeedbackIngestion ingestion, GroupCommitter groupCommitter, QueryGateway queries,
                              Clock clock, IdSource ids, PlatformProperties properties) {
        this.ingestion = ingestion;
        this.groupCommitter = groupCommitter;
        this.queries = queries;
        this.clock = clock;
        this.ids = ids;
        this.maxClockSkew = properties.ingest().maxClockSkew();
    }

    /** 202 once stored (or stored before with the same content), with where to read it back; 409 for other content. */
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SubmittedFeedbackResponse>> submit(@RequestBody FeedbackRequest request) {
        SubmitFeedback command = command(request, Instant.now(clock));
        return Mono.fromFuture(() -> groupCommitter.submit(command))
                .map(outcome -> {
                    if (outcome.status() == SubmissionOutcome.Status.CONFLICT) {
                        throw conflict(outcome.feedbackId());
                    }
                    return ResponseEntity.status(HttpStatus.ACCEPTED)
                            .location(Locations.of("/api/v1/feedback", outcome.feedbackId().value()))
                            .body(SubmittedFeedbackResponse.of(outcome.feedbackId()));
                });
    }

    /** JSON like every write endpoint, or NDJSON: one feedback a line, so a client can stream them out of a log. */
    @PostMapping(path = "/feedback/batch", produces = MediaType.APPLICATION_JSON_VALUE,
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json", "application/x-ndjson"})
    public Mono<FeedbackBatchResponse> submitBatch(@io.swagger.v3.oas.annotations.parameters.RequestBody(
            description = "the feedback, each as POST /api/v1/feedback takes it", required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = FeedbackRequest.class))),
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string",
                            description = "one feedback object a line"))})
                                                   @RequestBody FeedbackBatchRequest batch) {
        return Mono.fromCallable(() -> store(batch, Instant.now(clock))).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/feedback/{feedbackId}")
    public Mono<FeedbackResponse> find(@PathVariable String feedbackId) {
        if (!Identifier.isValid(feedbackId) || Streams.isNamespaced(feedbackId)) {
            return Mono.error(ApiProblem.validation("feedback_id", "format", "is not a valid feedback id"));
        }
        return Mono.fromFuture(() -> queries.query(new FindFeedback(FeedbackId.of(feedbackId)),
                        ResponseTypes.instanceOf(FeedbackView.class)))
                .map(FeedbackResponse::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No feedback with id '" + feedbackId + "'")));
    }

    @GetMapping("/traces/{traceId}/feedback")
    public Mono<TraceFeedbackResponse> findByTrace(@PathVariable String traceId) {
        if (!Identifier.isValid(traceId)) {
            return Mono.error(ApiProblem.validation("trace_id", "format", "is not a valid trace id"));
        }
        return Mono.fromFuture(() -> queries.query(new FindTraceFeedback(TraceId.of(traceId)),
                        ResponseTypes.multipleInstancesOf(FeedbackView.class)))
                .map(list -> TraceFeedbackResponse.of(traceId, list));
    }

    private SubmitFeedback command(FeedbackRequest request, Instant receivedAt) {
        FeedbackId id = FeedbackId.of(request.feedbackId() != null ? request.feedbackId() : ids.next("fb-"));
        return request.command(id, receivedAt, maxClockSkew);
    }

    /** Stores the batch's valid items together, and answers for every item in the batch's order. */
    private FeedbackBatchResponse store(FeedbackBatchRequest batch, Instant receivedAt) {
        List<FeedbackBatchResponse.Item> results = new ArrayList<>(batch.items().size());
        List<SubmitFeedback> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            FeedbackBatchRequest.Item item = batch.items().get(i);
            if (item.request() == null) {
                results.add(rejected(i, item.feedbackId(), item.errors()));
                continue;
            }
            SubmitFeedback command;
            try {
                command = command(item.request(), receivedAt);
            } catch (ApiProblem e) {
                results.add(rejected(i, item.feedbackId(), e.errors()));
                continue;
            }
            valid.add(command);
            validIndexes.add(i);
            results.add(null);
        }
        List<SubmissionOutcome> outcomes = valid.isEmpty() ? List.of() : ingestion.submitAll(valid);
        for (int k = 0; k < outcomes.size(); k++) {
            SubmissionOutcome outcome = outcomes.get(k);
            boolean accepted = outcome.status() == SubmissionOutcome.Status.ACCEPTED;
            results.set(validIndexes.get(k), new FeedbackBatchResponse.Item(validIndexes.get(k),
                    valid.get(k).feedbackId().value(),
                    accepted ? FeedbackBatchResponse.ACCEPTED : FeedbackBatchResponse.CONFLICT,
                    accepted ? null : List.of(new FieldError("feedback_id", "unique_content",
                            "was already stored with other content"))));
        }
        return FeedbackBatchResponse.of(results);
    }

    private static FeedbackBatchResponse.Item rejected(int index, String feedbackId, List<FieldError> errors) {
        return new FeedbackBatchResponse.Item(index, feedbackId, FeedbackBatchResponse.REJECTED, errors);
    }

    static ApiProblem conflict(FeedbackId id) {
        return new ApiProblem(HttpStatus.CONFLICT, ErrorCode.FEEDBACK_ID_CONFLICT,
                "feedback_id '" + id.value() + "' was already stored with other content",
                List.of(new FieldError("feedback_id", "unique_content", "was already stored with other content")));
    }
}
