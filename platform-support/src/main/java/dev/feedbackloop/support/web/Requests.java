package dev.feedbackloop.support.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.support.security.ApiKey;
import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reading the requests of the controllers and sending their commands: list parameters, path ids, who acts,
 * JSON object bodies, and commands sent off the event loop. Every error names its field and rule.
 */
public final class Requests {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    /** Large enough for the longest body any endpoint reading bodies through here accepts (a test case's expected text, run outputs). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Who acted when the key has no name to give. */
    public static final String ANONYMOUS = "api";

    private Requests() {
    }

    /** {@code limit} of a listing: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.validation("limit", "type", "must be an integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "range", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** A filter that must be one of {@code allowed}, or null when absent. An empty value is not one of them. */
    public static String oneOf(String field, String value, Collection<String> allowed) {
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ApiProblem.validation(field, "one_of", "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An identifier filter such as agent_id or cluster_id, or null when absent. */
    public static String identifier(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation(field, "format", "must be 1-" + Identifier.MAX_LENGTH
                    + " characters without whitespace");
        }
        return value;
    }

    /** A free-text filter such as a pipeline or assessment name, or null when absent. */
    public static String filter(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw ApiProblem.validation(field, "min_length", "must not be empty");
        }
        if (value.length() > JsonValues.MAX_ID_LENGTH) {
            throw ApiProblem.validation(field, "max_length", "must be at most " + JsonValues.MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /** Whether {@code id} could name anything stored: ids follow the {@link Identifier} rule. */
    public static boolean wellFormed(String id) {
        return Identifier.isValid(id);
    }

    /** A path id that cannot name anything stored answers 404 without asking the store. */
    public static String pathId(String id, String what) {
        if (!wellFormed(id)) {
            throw notFound(what, id);
        }
        return id;
    }

    /** The 404 problem for an unknown {@code what}. */
    public static ApiProblem notFound(String what, String id) {
        return ApiProblem.notFound("There is no " + what + " '" + id + "'");
    }

    /** Who acts: {@code given} when the body named someone, else the API key's name, else {@value #ANONYMOUS}. */
    public static String by(ServerWebExchange exchange, String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        Object key = exchange.getAttribute(ApiKeyFilter.API_KEY_ATTRIBUTE);
        if (key instanceof ApiKey apiKey && apiKey.name() != null && !apiKey.name().isBlank()) {
            return apiKey.name();
        }
        return ANONYMOUS;
    }

    /** Who acts when the body cannot name anyone: the API key's name, else {@value #ANONYMOUS}. */
    public static String actor(ServerWebExchange exchange) {
        return by(exchange, null);
    }

    /** The JSON object of a body that may be left out: an absent, empty or blank body is an empty object. */
    public static Mono<JsonNode> optionalObject(Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(JsonBodies::parse)
                .onErrorResume(Requests::isMissingBody, e -> Mono.empty())
                .defaultIfEmpty(JsonNodeFactory.instance.objectNode())
                .map(Requests::requireObject);
    }

    /** {@link #optionalObject(Flux)} holding no field but {@code fields}. */
    public static Mono<JsonNode> optionalObject(Flux<DataBuffer> body, Set<String> fields) {
        return optionalObject(body).map(root -> onlyKnownFields(root, fields));
    }

    /** The JSON object of a body that is required. */
    public static Mono<JsonNode> requiredObject(Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(JsonBodies::parse)
                .map(Requests::requireObject);
    }

    /** {@link #requiredObject(Flux)} holding no field but {@code fields}. */
    public static Mono<JsonNode> requiredObject(Flux<DataBuffer> body, Set<String> fields) {
        return requiredObject(body).map(root -> onlyKnownFields(root, fields));
    }

    private static boolean isMissingBody(Throwable e) {
        if (!(e instanceof ApiProblem p) || p.errors().size() != 1) {
            return false;
        }
        FieldError error = p.errors().get(0);
        return error.field().isEmpty() && "required".equals(error.rule());
    }

    private static JsonNode requireObject(JsonNode node) {
        if (!node.isObject()) {
            throw ApiProblem.validation("", "type", "the body must be a JSON object");
        }
        return node;
    }

    private static JsonNode onlyKnownFields(JsonNode root, Set<String> fields) {
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

    /** The required {@code reason} of a failure report: 1 to {@value JsonValues#MAX_TEXT_LENGTH} characters, not blank. */
    public static String failureReason(JsonValues values, JsonNode root) {
        String reason = values.requiredString(root, "reason");
        if (reason != null && (reason.isBlank() || reason.length() > JsonValues.MAX_TEXT_LENGTH)) {
            values.reject("reason", "length", "must be 1 to " + JsonValues.MAX_TEXT_LENGTH + " characters, not blank");
        }
        return reason;
    }

    /**
     * Sends a command off the event loop (the local command bus runs the handler, and so the event store, on the
     * sending thread). Business rule violations keep their usual mapping: WRONG_STATE is 409.
     */
    public static Mono<Void> send(CommandGateway gateway, Object command) {
        return Mono.fromFuture(() -> gateway.send(command))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /** {@link #send(CommandGateway, Object)} where an unknown aggregate answers {@code notFound}. */
    public static Mono<Void> send(CommandGateway gateway, Object command, Supplier<ApiProblem> notFound) {
        return send(gateway, command)
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof AggregateNotFoundException, e -> notFound.get());
    }

    /**
     * Moves the {@code what} named {@code id} on with {@code command} and answers {@code {id, state}}. An id that
     * cannot name one, or an aggregate never created, answers 404.
     */
    public static Mono<Map<String, Object>> transition(CommandGateway gateway, String what, String id, Object command,
                                                       String state) {
        if (!wellFormed(id)) {
            return Mono.error(notFound(what, id));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("state", state);
        return send(gateway, command, () -> notFound(what, id)).thenReturn(out);
    }

    public static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    public static Map<String, String> scope(Map<String, String> scope) {
        return scope == null ? Map.of() : scope;
    }

    public static List<String> list(List<String> list) {
        return list == null ? List.of() : list;
    }
}
