package dev.feedbackloop.trigger.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.feedbackloop.support.security.ApiKey;
import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.JsonValues;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Reading the requests of the lifecycle APIs: bodies, list parameters and ids, each error naming its field. */
public final class Requests {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    private static final String ID_FORMAT = "[A-Za-z0-9_.:-]{1,128}";

    private Requests() {
    }

    /** The JSON object of a body that may be left out (an empty body reads as {}). */
    public static Mono<JsonNode> optionalObject(Flux<DataBuffer> body, Set<String> fields) {
        Flux<DataBuffer> in = body == null ? Flux.empty() : body;
        return DataBufferUtils.join(in, MAX_BODY_BYTES)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .filter(bytes -> bytes.length > 0 && !new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank())
                .map(bytes -> object(JsonBodies.parse(bytes), fields))
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> ApiProblem.validation("", "max_body_bytes", "must be at most " + MAX_BODY_BYTES + " bytes"))
                .defaultIfEmpty(JsonNodeFactory.instance.objectNode());
    }

    /** The JSON object of a body that must be there. */
    public static Mono<JsonNode> requiredObject(Flux<DataBuffer> body, Set<String> fields) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(bytes -> object(JsonBodies.parse(bytes), fields));
    }

    private static JsonNode object(JsonNode root, Set<String> fields) {
        if (!root.isObject()) {
            throw ApiProblem.validation("", "type", "the body must be a JSON object");
        }
        JsonValues values = new JsonValues();
        values.onlyKnownFields(root, "", new TreeSet<>(fields));
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
        return root;
    }

    /** Reads the values of a body with one {@link JsonValues}, then answers every broken rule at once. */
    public static <T> T read(JsonNode root, Function<JsonValues, T> reader) {
        JsonValues values = new JsonValues();
        T result = reader.apply(values);
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
        return result;
    }

    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.validation("limit", "range", "must be an integer between 1 and " + MAX_LIMIT);
    }

    /** A list filter that must be one of {@code allowed}, or null when left out. */
    public static String oneOf(String field, String raw, List<String> allowed) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!allowed.contains(raw)) {
            throw ApiProblem.validation(field, "one_of", "must be one of " + String.join(", ", allowed));
        }
        return raw;
    }

    /** A free-text list filter (an agent or cluster id), or null when left out. */
    public static String filter(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > JsonValues.MAX_ID_LENGTH) {
            throw ApiProblem.validation(field, "max_length", "must be at most " + JsonValues.MAX_ID_LENGTH + " characters");
        }
        return raw;
    }

    /** Ids that could not have been made are simply unknown. */
    public static boolean wellFormed(String id) {
        return id != null && id.matches(ID_FORMAT);
    }

    /** Who acts: the name of the API key the request came with. */
    public static String actor(ServerWebExchange exchange) {
        Object key = exchange.getAttribute(ApiKeyFilter.API_KEY_ATTRIBUTE);
        return key instanceof ApiKey k ? k.name() : null;
    }

    public static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }
}
