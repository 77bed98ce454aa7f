package dev.feedbackloop.support.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.feedbackloop.kernel.common.ErrorCode;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.feedbackloop.kernel.common.StorableText;

import java.io.IOException;
import java.util.List;

/**
 * Reads request bodies as JSON trees within a byte limit, so each endpoint validates fields itself and can name
 * every offending one. Duplicate keys and trailing garbage are errors, not silently resolved, and so is text no store
 * can hold ({@link StorableText}: NUL, lone surrogates) in any name or string of the document.
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

    /**
     * Joins the body, answering 413 past {@code maxBytes}; an empty body is a 400. A request that declares a longer
     * {@code Content-Length} is answered before a byte is read, so a client waiting on {@code Expect: 100-continue}
     * gets its 413 instead of a 100, sends nothing, and is not cut off halfway through a body the server stopped reading.
     * A body that turns out longer (chunked) is read to its end and dropped: cancelling it mid-stream had Reactor Netty
     * release a buffer twice and reset the connection under a client still sending.
     */
    public static Mono<byte[]> read(Flux<DataBuffer> body, int maxBytes) {
        return Mono.deferContextual(context -> {
            long declared = ServerWebExchangeContextFilter.getExchange(context)
                    .map(exchange -> exchange.getRequest().getHeaders().getContentLength())
                    .orElse(-1L);
            if (declared > maxBytes) {
                return Mono.error(tooLarge(maxBytes));
            }
            return body.collect(() -> new Bounded(maxBytes), Bounded::add)
                    .doOnDiscard(Bounded.class, Bounded::release)
                    .flatMap(bounded -> bounded.overflowed
                            ? Mono.error(tooLarge(maxBytes))
                            : Mono.justOrEmpty(bounded.bytes()))
                    .switchIfEmpty(Mono.error(() -> ApiProblem.validation("", "required", "a JSON body is required")));
        });
    }

    /** The buffers of a body up to a limit; past it, every buffer is released as it comes. */
    private static final class Bounded {
        private final int max;
        private final List<DataBuffer> kept = new java.util.ArrayList<>();
        private long size;
        private boolean overflowed;

        Bounded(int max) {
            this.max = max;
        }

        void add(DataBuffer buffer) {
            size += buffer.readableByteCount();
            if (overflowed || size > max) {
                DataBufferUtils.release(buffer);
                if (!overflowed) {
                    overflowed = true;
                    release();
                }
                return;
            }
            kept.add(buffer);
        }

        /** The body's bytes, or null if it was empty; the buffers are released either way. */
        byte[] bytes() {
            try {
                if (size == 0) {
                    return null;
                }
                byte[] bytes = new byte[(int) size];
                int at = 0;
                for (DataBuffer buffer : kept) {
                    int n = buffer.readableByteCount();
                    buffer.read(bytes, at, n);
                    at += n;
                }
                return bytes;
            } finally {
                release();
            }
        }

        void release() {
            kept.forEach(DataBufferUtils::release);
            kept.clear();
        }
    }

    private static ApiProblem tooLarge(int maxBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCode.VALIDATION_FAILED,
                "The request body is larger than " + maxBytes + " bytes",
                List.of(new FieldError("", "max_body_bytes", "must be at most " + maxBytes + " bytes")));
    }

    public static JsonNode parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length, "");
    }

    /** Parses one JSON document; a syntax error names the line and column, unstorable text its field. */
    public static JsonNode parse(byte[] bytes, int offset, int length, String field) {
        JsonNode node = parseSyntax(bytes, offset, length, field);
        List<FieldError> unstorable = unstorableText(node, field);
        if (!unstorable.isEmpty()) {
            throw ApiProblem.validation(unstorable);
        }
        return node;
    }

    /**
     * Every name and string in the tree that no store can hold, as field errors under {@code prefix}: for documents
     * whose parts are judged one by one (a batch's items), after {@link #parseSyntax}.
     */
    public static List<FieldError> unstorableText(JsonNode node, String prefix) {
        List<FieldError> errors = new java.util.ArrayList<>();
        collectUnstorable(node, prefix, errors);
        return errors;
    }

    private static void collectUnstorable(JsonNode node, String path, List<FieldError> errors) {
        if (errors.size() >= 20) {
            return;
        }
        if (node.isTextual()) {
            String problem = StorableText.problem(node.textValue());
            if (problem != null) {
                errors.add(new FieldError(path, "unicode", problem));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnstorable(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String name = field.getKey();
                String child = path.isEmpty() ? StorableText.printable(name) : path + "." + StorableText.printable(name);
                String problem = StorableText.problem(name);
                if (problem != null) {
                    errors.add(new FieldError(child, "unicode", "the name " + problem));
                } else {
                    collectUnstorable(field.getValue(), child, errors);
                }
            }
        }
    }

    /** Parses one JSON document, checking its syntax only. */
    public static JsonNode parseSyntax(byte[] bytes, int offset, int length, String field) {
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
