package dev.feedbackloop.feedback.mlflow;

import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.DenialFormat;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.BodyLimit;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.Arrays;
import java.util.List;

/**
 * The MLflow door's access rules (the scopes of the native assessment API: writes need feedback:write, reads
 * analytics:read; MLflow clients send the platform's API key as {@code Authorization: Bearer}, MLflow's
 * {@code MLFLOW_TRACKING_TOKEN}), its refusals in MLflow's format, and its body limits.
 */
@Configuration(proxyBeanMethods = false)
public class MlflowConfiguration {

    static final String ALL = MlflowAssessmentController.PREFIX + "/**";

    @Bean
    AccessRule mlflowReads() {
        return AccessRule.of(HttpMethod.GET, ALL, Scope.ANALYTICS_READ);
    }

    @Bean
    AccessRule mlflowCreates() {
        return AccessRule.of(HttpMethod.POST, ALL, Scope.FEEDBACK_WRITE);
    }

    @Bean
    AccessRule mlflowUpdates() {
        return AccessRule.of(HttpMethod.PATCH, ALL, Scope.FEEDBACK_WRITE);
    }

    @Bean
    AccessRule mlflowDeletes() {
        return AccessRule.of(HttpMethod.DELETE, ALL, Scope.FEEDBACK_WRITE);
    }

    @Bean
    BodyLimit mlflowCreateLimit() {
        return new BodyLimit(CreateAssessmentRequest.class, MAX_BODY_BYTES);
    }

    @Bean
    BodyLimit mlflowUpdateLimit() {
        return new BodyLimit(UpdateAssessmentRequest.class, MAX_BODY_BYTES);
    }

    /** As the native assessment API: a value or metadata may be a judge's structured verdict. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * The API description shows this door's errors as they are sent: MLflow's {@code {"error_code", "message"}} as
     * application/json, not problem+json. Declared for every error status the platform's customizer would add, so the
     * result is the same whichever of the two runs first.
     */
    @Bean
    OpenApiCustomizer mlflowErrorsInTheDescription() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            if (api.getComponents() == null) {
                api.setComponents(new io.swagger.v3.oas.models.Components());
            }
            api.getComponents().addSchemas(ERROR_SCHEMA, new ObjectSchema()
                    .addProperty("error_code", new StringSchema()._enum(
                            Arrays.stream(MlflowErrorCode.values()).map(Enum::name).toList()))
                    .addProperty("message", new StringSchema())
                    .required(List.of("error_code", "message"))
                    .description("MLflow's error body"));
            api.getPaths().forEach((path, item) -> {
                if (!path.startsWith(MlflowAssessmentController.PREFIX)) {
                    return;
                }
                item.readOperations().forEach(operation -> {
                    for (String status : List.of("400", "401", "403", "404", "413", "415", "503")) {
                        operation.getResponses().addApiResponse(status, new ApiResponse()
                                .description("MLflow error; `error_code` as MLflow names it")
                                .content(new Content().addMediaType(MediaType.APPLICATION_JSON_VALUE,
                                        new io.swagger.v3.oas.models.media.MediaType().schema(
                                                new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)))));
                    }
                });
            });
        };
    }

    static final String ERROR_SCHEMA = "MlflowError";

    @Bean
    DenialFormat mlflowDenials() {
        PathPattern pattern = PathPatternParser.defaultInstance.parse(ALL);
        return new DenialFormat() {
            @Override
            public boolean appliesTo(PathContainer path) {
                return pattern.matches(path);
            }

            @Override
            public MediaType contentType() {
                return MediaType.APPLICATION_JSON;
            }

            @Override
            public String body(HttpStatus status, String code, String detail) {
                return MlflowError.of(MlflowErrorCode.ofPlatform(code, status.value()), detail).toJson();
            }
        };
    }
}
