package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.command.ReleaseOutcome;
import dev.feedbackloop.kernel.analysis.FindModelVersion;
import dev.feedbackloop.kernel.analysis.FindModelVersions;
import dev.feedbackloop.kernel.analysis.FindModels;
import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ModelVersionView;
import dev.feedbackloop.kernel.analysis.ReleaseModelVersion;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model versions: deployment pipelines announce releases (triggers:manage), ML teams read them back
 * (analytics:read). A POST answers with the record itself; the listings follow once the projection has it.
 */
@RestController
@RequestMapping("/api/v1/models")
public class ModelController {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    public ModelController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    @Bean
    static AccessRule announceModelVersions() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/models/**", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static AccessRule readModels() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/models/**", Scope.ANALYTICS_READ);
    }

    @PostMapping(path = "/{modelId}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> release(@PathVariable String modelId,
                                                             @RequestBody(required = false) Flux<DataBuffer> body) {
        ModelId model = modelId(modelId);
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(bytes -> ModelVersionRequestParser.parse(model, JsonBodies.parse(bytes), Instant.now(clock)))
                .flatMap(command -> Mono.fromCallable(() -> commands.<ReleaseOutcome>sendAndWait(command))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorMap(e -> isConflict(e) ? conflict(command) : e))
                .map(outcome -> outcome.status() == ReleaseOutcome.Status.RECORDED
                        ? ResponseEntity.created(location(outcome.version())).body(toJson(outcome.version()))
                        : ResponseEntity.ok(toJson(outcome.version())));
    }

    @GetMapping("/{modelId}/versions")
    public Mono<Map<String, Object>> versions(@PathVariable String modelId) {
        ModelId model = modelId(modelId);
        return Mono.fromFuture(() -> queries.query(new FindModelVersions(model),
                        ResponseTypes.multipleInstancesOf(ModelVersionView.class)))
                .map(list -> Map.of("model_id", model.value(),
                        "versions", list.stream().map(ModelController::toJson).toList()));
    }

    @GetMapping("/{modelId}/versions/{version}")
    public Mono<Map<String, Object>> version(@PathVariable String modelId, @PathVariable String version) {
        ModelId model = modelId(modelId);
        return Mono.fromFuture(() -> queries.query(new FindModelVersion(model, version),
                        ResponseTypes.instanceOf(ModelVersionView.class)))
                .map(ModelController::toJson)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(
                        "Model '" + modelId + "' has no recorded version '" + version + "'")));
    }

    @GetMapping
    public Mono<Map<String, Object>> models() {
        return Mono.fromFuture(() -> queries.query(new FindModels(),
                        ResponseTypes.multipleInstancesOf(ModelVersionView.class)))
                .map(list -> Map.of("models", list.stream().map(latest -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("model_id", latest.modelId());
                    out.put("latest_version", toJson(latest));
                    return out;
                }).toList()));
    }

    private static ModelId modelId(String value) {
        if (!ModelId.isWellFormed(value)) {
            throw ApiProblem.validation("model_id", "format", ModelId.RULE);
        }
        return ModelId.of(value);
    }

    private static boolean isConflict(Throwable error) {
        return ProblemHandler.unwrap(error) instanceof BusinessRuleViolation v
                && v.code() == ErrorCode.MODEL_VERSION_CONFLICT;
    }

    static ApiProblem conflict(ReleaseModelVersion command) {
        return new ApiProblem(HttpStatus.CONFLICT, ErrorCode.MODEL_VERSION_CONFLICT, "version '" + command.version()
                + "' of model '" + command.modelId() + "' was already released with another released_at or notes",
                List.of(new FieldError("version", "unique_content",
                        "was already released with another released_at or notes")));
    }

    private static URI location(ModelVersionView v) {
        return URI.create("/api/v1/models/" + v.modelId() + "/versions/" + v.version());
    }

    static Map<String, Object> toJson(ModelVersionView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", v.modelId());
        out.put("version", v.version());
        out.put("released_at", v.releasedAt().toString());
        out.put("notes", v.notes());
        out.put("recorded_at", v.recordedAt().toString());
        return out;
    }
}
