package dev.feedbackloop.feedback.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.support.web.ProblemHandler;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * OTLP/HTTP trace intake, as the OpenTelemetry Protocol specification defines it: {@code POST /v1/traces} with a
 * binary protobuf or OTLP/JSON {@code ExportTraceServiceRequest}, answered in the request's encoding.
 * <ul>
 *     <li>200 with an empty {@code ExportTraceServiceResponse} when every span was taken (or was already stored: an
 *     exporter's retry stores nothing twice); with {@code partial_success} (the number rejected and why) when some
 *     spans could not be part of an interaction and the rest were stored;</li>
 *     <li>400 with a {@code google.rpc.Status} (and a {@code BadRequest}) for a body that cannot be decoded: nothing
 *     is stored;</li>
 *     <li>413 past {@code platform.otlp.max-request-size} (before or after gzip), 415 for another content type or
 *     encoding;</li>
 *     <li>503 with {@code Retry-After} when the platform is overloaded or a store is unavailable: the client retries,
 *     and what was stored before the failure is recognised and not counted again.</li>
 * </ul>
 * A 200 means durable: the export is committed to the spool ({@link ExportSpool}) before the answer, and the
 * {@link SpoolDrain} stores its traces as interactions in the background, seconds later at most when all is well.
 * Spans past the most one trace may hold are found then, not in the answer: they are counted
 * ({@code feedbackloop.otlp.spans.over_limit}) and logged.
 */
@RestController
public class OtlpTraceController {

    private static final Logger log = LoggerFactory.getLogger(OtlpTraceController.class);
    static final int RETRY_AFTER_OVERLOADED = 2;
    static final int RETRY_AFTER_STORE_DOWN = 5;
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(BadRequest.getDescriptor())
                    .add(RetryInfo.getDescriptor()).build());

    private final SpanMapper mapper;
    private final SpoolDrain drain;
    private final Clock clock;
    private final OtlpDecoder decoder;
    private final int maxBytes;

    public OtlpTraceController(SpanMapper mapper, SpoolDrain drain, Clock clock, OtlpSettings settings) {
        this.mapper = mapper;
        this.drain = drain;
        this.clock = clock;
        this.maxBytes = (int) settings.maxRequestSize().toBytes();
        this.decoder = new OtlpDecoder(maxBytes);
    }

    /** Takes any content type: an unsupported one gets OTLP's own 415 status (see {@code JsonBodyMappings}). */
    @PostMapping(path = "/v1/traces", consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<byte[]>> export(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                               @RequestHeader(value = HttpHeaders.CONTENT_ENCODING, required = false) String contentEncoding,
                                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                               @RequestBody(required = false) Flux<DataBuffer> body) {
        OtlpDecoder.Encoding encoding = OtlpDecoder.encodingOf(contentType);
        if (encoding == null) {
            if (body != null) {
                body.subscribe(DataBufferUtils::release, e -> { });
            }
            OtlpDecoder.Encoding answer = accept != null && accept.contains("json") ? OtlpDecoder.Encoding.JSON
                    : OtlpDecoder.Encoding.PROTOBUF;
            return Mono.just(failure(new OtlpFailure(HttpStatus.UNSUPPORTED_MEDIA_TYPE, OtlpFailure.INVALID_ARGUMENT,
                    "Content-Type must be application/x-protobuf or application/json, was "
                            + (contentType == null ? "none" : "'" + contentType + "'"), null), answer));
        }
        return DataBufferUtils.join(body == null ? Flux.empty() : body, maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic())
                .map(bytes -> decode(bytes, encoding, contentEncoding))
                .flatMap(decoded -> store(decoded).map(rejections -> success(rejections, encoding)))
                .onErrorResume(e -> Mono.just(failure(classify(e), encoding)));
    }

    /**
     * Spools the export (one row, committed) and answers: its traces are stored as interactions in the background.
     * Exports whose spans were all rejected store nothing.
     */
    private Mono<SpanMapper.Rejections> store(Decoded decoded) {
        List<RecordInteractionSpans> commands = decoded.mapped().commands();
        if (commands.isEmpty()) {
            return Mono.just(decoded.mapped().rejections());
        }
        return Mono.fromCallable(() -> {
            drain.accept(decoded.protobuf(), decoded.receivedAt(), commands,
                    commands.stream().mapToInt(c -> c.spans().size()).sum());
            return decoded.mapped().rejections();
        });
    }

    private record Decoded(byte[] protobuf, Instant receivedAt, SpanMapper.Mapped mapped) {
    }

    private Decoded decode(byte[] bytes, OtlpDecoder.Encoding encoding, String contentEncoding) {
        OtlpDecoder.Decoded request = decoder.decode(bytes, encoding, contentEncoding);
        Instant receivedAt = clock.instant();
        return new Decoded(request.protobuf(), receivedAt, mapper.map(request.request(), receivedAt));
    }

    private static ResponseEntity<byte[]> success(SpanMapper.Rejections rejections, OtlpDecoder.Encoding encoding) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejections.total() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejections.total()).setErrorMessage(rejections.message()));
            log.debug("OTLP export partly rejected: {}", rejections.message());
        }
        return respond(HttpStatus.OK, response.build(), encoding, null);
    }

    OtlpFailure classify(Throwable thrown) {
        Throwable e = ProblemHandler.unwrap(thrown);
        if (e instanceof OtlpFailure failure) {
            return failure;
        }
        if (e instanceof DataBufferLimitException) {
            return OtlpDecoder.tooLarge(maxBytes);
        }
        if (e instanceof RejectedExecutionException) {
            return new OtlpFailure(HttpStatus.SERVICE_UNAVAILABLE, OtlpFailure.UNAVAILABLE,
                    "The platform is at capacity; retry after the delay given", RETRY_AFTER_OVERLOADED);
        }
        if (isStoreUnavailable(e)) {
            log.warn("A store is unavailable for an OTLP export: {}", e.toString());
            return new OtlpFailure(HttpStatus.SERVICE_UNAVAILABLE, OtlpFailure.UNAVAILABLE,
                    "A store is unavailable; retry (spans already stored are recognised and not counted twice)",
                    RETRY_AFTER_STORE_DOWN);
        }
        log.error("Unexpected failure storing an OTLP export", e);
        return new OtlpFailure(HttpStatus.INTERNAL_SERVER_ERROR, OtlpFailure.INTERNAL,
                "The export could not be stored: " + e.getClass().getSimpleName(), null);
    }

    private static boolean isStoreUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || t instanceof org.axonframework.common.jdbc.JdbcException
                    || t instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static ResponseEntity<byte[]> failure(OtlpFailure failure, OtlpDecoder.Encoding encoding) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(failure.code()).setMessage(failure.getMessage());
        if (failure.status() == HttpStatus.BAD_REQUEST) {
            status.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField("").setDescription(failure.getMessage())).build()));
        }
        if (failure.retryAfterSeconds() != null) {
            status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(failure.retryAfterSeconds())).build()));
        }
        return respond(failure.status(), status.build(), encoding, failure.retryAfterSeconds());
    }

    private static ResponseEntity<byte[]> respond(HttpStatus status, Message message, OtlpDecoder.Encoding encoding,
                                                  Integer retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
        }
        if (encoding == OtlpDecoder.Encoding.JSON) {
            try {
                return response.contentType(MediaType.APPLICATION_JSON)
                        .body(JSON.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
            }
        }
        return response.contentType(OtlpDecoder.PROTOBUF).body(message.toByteArray());
    }
}
