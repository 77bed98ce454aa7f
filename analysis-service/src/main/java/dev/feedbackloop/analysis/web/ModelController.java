package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.Locations;
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
import dev.feedbackloop.support.web.ProblemHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Model versions: deployment pipelines announce releases (triggers:manage), ML teams read them back
 * (analytics:read). A POST answers with the record itself; the listings follow once the projection has it.
 */
@RestController
@Tag(name = "models", description = "Model versions announced by deployment pipelines")
@RequestMapping("/api/v1/models")
public class ModelController {

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
    @Operation(summary = "Records a released version of a model; the same release announced again is answered 200")
    public Mono<ResponseEntity<ModelVersionResponse>> release(@PathVariable String modelId,
                                                              @RequestBody ModelVersionRequest request) {
        ReleaseModelVersion command = request.command(modelId(modelId), clock.instant());
        return Mono.fromCallable(() -> commands.<ReleaseOutcome>sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> isConflict(e) ? conflict(command) : e)
                .map(outcome -> outcome.status() == ReleaseOutcome.Status.RECORDED
                        ? ResponseEntity.created(location(outcome.version())).body(ModelVersionResponse.of(outcome.version()))
                        : ResponseEntity.ok(ModelVersionResponse.of(outcome.version())));
    }

    @GetMapping("/{modelId}/versions")
    @Operation(summary = "Lists a model's released versions")
    public Mono<ModelVersionResponse.Versions> versions(@PathVariable String modelId) {
        ModelId model = modelId(modelId);
        return Mono.fromFuture(() -> queries.query(new FindModelVersions(model),
                        ResponseTypes.multipleInstancesOf(ModelVersionView.class)))
                .map(list -> ModelVersionResponse.Versions.of(model.value(), list));
    }

    @GetMapping("/{modelId}/versions/{version}")
    @Operation(summary = "Shows one released version of a model")
    public Mono<ModelVersionResponse> version(@PathVariable String modelId, @PathVariable String version) {
        ModelId model = modelId(modelId);
        if (!ModelId.isWellFormed(version)) {
            throw ApiProblem.validation("version", "format", ModelId.RULE);
        }
        return Mono.fromFuture(() -> queries.query(new FindModelVersion(model, version),
                        ResponseTypes.instanceOf(ModelVersionView.class)))
                .map(ModelVersionResponse::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(
                        "Model '" + modelId + "' has no recorded version '" + version + "'")));
    }

    @GetMapping
    @Operation(summary = "Lists every model with its newest released version")
    public Mono<ModelVersionResponse.Models> models() {
        return Mono.fromFuture(() -> queries.query(new FindModels(),
                        ResponseTypes.multipleInstancesOf(ModelVersionView.class)))
                .map(ModelVersionResponse.Models::of);
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
        return Locations.of("/api/v1/models", String.valueOf(v.modelId()), "versions", v.version());
    }
}
