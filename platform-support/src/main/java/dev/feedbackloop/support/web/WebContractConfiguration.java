package dev.feedbackloop.support.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.security.PublicRoute;
import dev.feedbackloop.support.security.Scope;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.validation.Validator;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed edge every service shares: request records read by {@link RequestReader} (bodies through
 * {@link RequestBodyReader}, query strings through {@link ApiQueryResolver}), and the OpenAPI 3.1 description derived
 * from the controllers and their records (served at {@code /openapi}, rendered at {@code /api-reference}), with the
 * bearer-key security scheme and the scope each operation needs.
 */
@Configuration(proxyBeanMethods = false)
public class WebContractConfiguration {

    static final String SECURITY_SCHEME = "apiKey";
    static final String PROBLEM = "Problem";

    @Bean
    public RequestIds requestIds() {
        return new RequestIds();
    }

    @Bean
    public RequestReader requestReader(Validator validator) {
        return new RequestReader(validator);
    }

    @Bean
    public CodecCustomizer requestRecordCodec(RequestReader reader, Clock clock, ObjectProvider<BodyLimit> limits,
                                              @Value("${platform.http.max-body-size:64KB}") DataSize maxBodySize) {
        RequestBodyReader bodies = new RequestBodyReader(reader, clock, limits.orderedStream().toList(), maxBodySize);
        return configurer -> configurer.customCodecs().register(bodies);
    }

    @Bean
    public WebFluxConfigurer apiQueryRecords(RequestReader reader, Clock clock) {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new ApiQueryResolver(reader, clock));
            }
        };
    }

    /** The API description and its rendered reference are public: they describe the contract, not data. */
    @Bean
    public PublicRoute openApiDescription() {
        return PublicRoute.of("/openapi/**");
    }

    @Bean
    public PublicRoute openApiYaml() {
        return PublicRoute.of("/openapi.yaml");
    }

    @Bean
    public PublicRoute apiReference() {
        return PublicRoute.of("/api-reference/**");
    }

    @Bean
    public PublicRoute apiReferenceAssets() {
        return PublicRoute.of("/swagger-ui/**");
    }

    /**
     * Schemas in the API's own naming: snake_case properties, ISO-8601 times, enums under the wire names
     * {@link RequestReader} reads (not the Java constants), typed ids as the strings they are on the wire.
     */
    @Bean
    public ModelResolver snakeCaseModels() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ModelResolver resolver = new ModelResolver(mapper) {
            @Override
            @SuppressWarnings("rawtypes")
            public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
                JavaType javaType = _mapper.constructType(type.getType());
                if (javaType != null && Identifier.class.isAssignableFrom(javaType.getRawClass())) {
                    return new JsonSchema().types(Set.of("string")).minLength(1).maxLength(Identifier.MAX_LENGTH)
                            .pattern(ConstraintDescriptions.ID_PATTERN);
                }
                return super.resolve(type, context, chain);
            }

            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            protected void _addEnumProps(Class<?> propClass, Schema property) {
                property.setEnum(new ArrayList<>(RequestReader.wireNames(propClass).keySet()));
            }

            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            protected Schema _createSchemaForEnum(Class<Enum<?>> enumClass) {
                Schema schema = super._createSchemaForEnum(enumClass);
                schema.setEnum(new ArrayList<>(RequestReader.wireNames(enumClass).keySet()));
                return schema;
            }
        };
        ModelConverters.getInstance(true).addConverter(resolver);
        return resolver;
    }

    /** Request records as they are read: query parameters under their wire names, the constraints swagger-core misses. */
    @Bean
    public PropertyCustomizer requestRecordConstraints() {
        return ConstraintDescriptions.properties();
    }

    @Bean
    public ParameterCustomizer apiQueryParameters() {
        return ConstraintDescriptions.queryParameters();
    }

    @Bean
    public OpenAPI platformApi(@Value("${platform.api.title:Feedback Loop Platform API}") String title) {
        return new OpenAPI()
                .info(new Info().title(title).version("v1")
                        .description("Feedback, traces and assessments in; metrics, drift, failure modes, incidents and"
                                + " the weekly improvement cycle out. Every request under /api needs an API key"
                                + " (`Authorization: Bearer <key>`) with the scope named on its operation; errors are"
                                + " RFC 9457 problem+json with a `code` and per-field `errors`.")
                        .license(new License().name("GPL-3.0-or-later").url("https://www.gnu.org/licenses/gpl-3.0.txt")))
                .components(new Components()
                        .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API key. Scopes: " + scopes()))
                        .addSchemas(PROBLEM, problemSchema()));
    }

    /**
     * The schemas as the records are written: Jackson writes a component that holds nothing as {@code null}, so a
     * property no schema requires may be {@code null} as well as absent; and a value typed {@code Object} (a map's
     * values, a list's items) is any JSON value, not only an object as swagger-core says. Without this a client
     * generated from the description refuses {@code "closed_at": null} or {@code "metadata": {"k": "v"}}.
     */
    @Bean
    public OpenApiCustomizer schemasAsWritten() {
        return api -> {
            if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
                api.getComponents().getSchemas().values().forEach(WebContractConfiguration::asWritten);
            }
            if (api.getComponents() != null) {
                // springdoc rebuilds the components from the controllers: the problem schema every operation names
                api.getComponents().addSchemas(PROBLEM, problemSchema());
            }
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void asWritten(Schema<?> schema) {
        if (schema.getProperties() != null) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Map<String, Schema> properties = (Map) schema.getProperties();
            properties.replaceAll((name, property) -> {
                Schema<?> written = anyJsonIfBareObject(property);
                asWritten(written);
                return required.contains(name) ? written : orNull(written);
            });
        }
        if (schema.getItems() != null) {
            schema.setItems((Schema) anyJsonIfBareObject(schema.getItems()));
            asWritten(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            Schema<?> written = anyJsonIfBareObject(values);
            asWritten(written);
            schema.setAdditionalProperties(written);
        }
    }

    private static Schema<?> anyJsonIfBareObject(Schema<?> schema) {
        Set<String> types = schema.getTypes() != null ? schema.getTypes()
                : schema.getType() != null ? Set.of(schema.getType()) : Set.of();
        boolean bare = types.equals(Set.of("object")) && schema.get$ref() == null && schema.getProperties() == null
                && schema.getAdditionalProperties() == null && schema.getAllOf() == null && schema.getAnyOf() == null
                && schema.getOneOf() == null;
        return bare ? new JsonSchema().description(schema.getDescription()) : schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> orNull(Schema<?> schema) {
        if (schema.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(schema, new JsonSchema().types(Set.of("null"))));
        }
        Set<String> types = schema.getTypes() != null ? schema.getTypes()
                : schema.getType() != null ? Set.of(schema.getType()) : Set.of();
        if (types.isEmpty() || types.contains("null")) {
            return schema;                               // any JSON value, null included, or null already
        }
        Set<String> withNull = new LinkedHashSet<>(types);
        withNull.add("null");
        schema.setTypes(withNull);
        schema.setType(null);
        if (schema.getEnum() != null && !schema.getEnum().contains(null)) {
            ((Schema) schema).addEnumItemObject(null);
        }
        return schema;
    }

    /**
     * Names the scope every operation needs (from the same {@link ApiKeyFilter} rules that enforce it), and the
     * problem responses every operation may give (404 where the path names something).
     */
    @Bean
    public OpenApiCustomizer scopesAndProblems(ApiKeyFilter filter) {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                Scope scope = filter.requiredScope(HttpMethod.valueOf(method.name()),
                        PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x")));
                if (!filter.isPublic(HttpMethod.valueOf(method.name()), PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x")))) {
                    operation.addSecurityItem(scope == null ? new SecurityRequirement().addList(SECURITY_SCHEME)
                            : new SecurityRequirement().addList(SECURITY_SCHEME, scope.wireName()));
                    operation.addExtension("x-required-scope", scope == null ? "any" : scope.wireName());
                    String note = scope == null ? "Any valid key." : "Requires scope `" + scope.wireName() + "`.";
                    operation.setDescription(operation.getDescription() == null ? note : operation.getDescription() + "\n\n" + note);
                    addProblem(operation, "401", "No valid API key");
                    addProblem(operation, "403", "The key lacks the scope");
                }
                if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                        || method == PathItem.HttpMethod.PATCH) {
                    addProblem(operation, "400", "A rule of the request is broken; `errors` names each field and rule");
                    addProblem(operation, "413", "The body is larger than the endpoint accepts");
                    addProblem(operation, "415", "The body is not of a media type the endpoint reads");
                } else if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
                    addProblem(operation, "400", "A parameter breaks a rule; `errors` names each one");
                }
                if (path.contains("{")) {
                    addProblem(operation, "404", "Nothing exists at this path");
                }
                addProblem(operation, "503", "A store is unavailable or the platform is overloaded; retry");
            }));
        };
    }

    /** Declares a problem+json answer of the status on the operation, unless it declares one already. */
    public static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    private static String scopes() {
        StringBuilder out = new StringBuilder();
        for (Scope scope : Scope.values()) {
            out.append(out.isEmpty() ? "" : ", ").append('`').append(scope.wireName()).append('`');
        }
        return out + " (`admin` may do everything).";
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Map<String, Schema> error = new LinkedHashMap<>();
        error.put("field", new Schema<>().types(java.util.Set.of("string")).description("JSON path of the field, '' for the whole request"));
        error.put("rule", new Schema<>().types(java.util.Set.of("string")).description("the rule broken, e.g. required, type, range, format"));
        error.put("message", new Schema<>().types(java.util.Set.of("string")));
        error.put("position", new Schema<>().types(java.util.Set.of("integer")).description("0-based offset in the field's text, for filters"));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new Schema<>().types(java.util.Set.of("string")).format("uri"));
        properties.put("title", new Schema<>().types(java.util.Set.of("string")));
        properties.put("status", new Schema<>().types(java.util.Set.of("integer")));
        properties.put("detail", new Schema<>().types(java.util.Set.of("string")));
        properties.put("instance", new Schema<>().types(java.util.Set.of("string")));
        properties.put("code", new Schema<>().types(java.util.Set.of("string")).description("stable error code, e.g. VALIDATION_FAILED"));
        properties.put("errors", new Schema<>().types(java.util.Set.of("array")).items(new Schema<>().types(java.util.Set.of("object"))
                .properties(error).required(List.of("field", "rule", "message"))));
        return new Schema<>().types(java.util.Set.of("object")).properties(properties).required(List.of("type", "title", "status", "code"))
                .description("RFC 9457 problem details");
    }
}
