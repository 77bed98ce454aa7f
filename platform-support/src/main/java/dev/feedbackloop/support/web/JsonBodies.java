package dev.feedbackloop.support.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.List;

/**
 * Reads request bodies as JSON trees within a byte limit, so each endpoint validates fields itself and can name
 * every offending one. Duplicate keys and trailing garbage are errors, not silently resolved.
 */
public final class JsonBodies {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(1_000_000).maxNumberLength(100).build());
    }

    private JsonBodies() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Joins the body, answering 413 past {@code maxBytes}; an empty body is a 400. */
    public static Mono<byte[]> read(Flux<DataBuffer> body, int maxBytes) {
        return DataBufferUtils.join(body, maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, dev.feedbackloop.kernel.common.ErrorCode.VALIDATION_FAILED,
                                "The request body is larger than " + maxBytes + " bytes", List.of(new FieldError("", "max_body_bytes",
                                "must be at most " + maxBytes + " bytes"))))
                .switchIfEmpty(Mono.error(() -> ApiProblem.validation("", "required", "a JSON body is required")));
    }

    public static JsonNode parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length, "");
    }

    /** Parses one JSON document; a syntax error names the line and column. */
    public static JsonNode parse(byte[] bytes, int offset, int length, String field) {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw ApiProblem.validation(field, "required", "a JSON value is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiProblem.validation(field, "json_syntax", "malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.validation(field, "json_syntax", "unreadable JSON: " + e.getMessage());
        }
    }
}
