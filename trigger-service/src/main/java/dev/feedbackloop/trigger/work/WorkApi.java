package dev.feedbackloop.trigger.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.support.security.ApiKey;
import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Request parsing and command sending shared by the alert, ticket and incident controllers. */
public final class WorkApi {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** Who acted when the key has no name to give. */
    public static final String ANONYMOUS = "api";

    private WorkApi() {
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

    /** A filter that must be one of {@code allowed}, or null when absent. */
    public static String oneOf(String field, String value, Collection<String> allowed) {
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ApiProblem.validation(field, "one_of", "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An identifier filter such as agent_id, or null when absent. */
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

    /** A path id that cannot name anything stored answers 404 without asking the store. */
    public static String pathId(String id, String what) {
        if (!Identifier.isValid(id)) {
            throw ApiProblem.notFound("There is no " + what + " '" + id + "'");
        }
        return id;
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

    /** The JSON object of a body that may be left out: an absent or empty body is an empty object. */
    public static Mono<JsonNode> optionalObject(Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(JsonBodies::parse)
                .onErrorResume(WorkApi::isMissingBody, e -> Mono.empty())
                .defaultIfEmpty(JsonNodeFactory.instance.objectNode())
                .map(WorkApi::requireObject);
    }

    /** The JSON object of a body that is required. */
    public static Mono<JsonNode> requiredObject(Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(JsonBodies::parse)
                .map(WorkApi::requireObject);
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

    /**
     * Sends a command off the event loop (the local command bus runs the handler, and so the event store, on the
     * sending thread). A {@link WrongState} answers 409 like every {@code WRONG_STATE}.
     */
    public static Mono<Void> send(CommandGateway commands, Object command) {
        return Mono.fromFuture(() -> commands.send(command))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
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
