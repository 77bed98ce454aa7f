package dev.feedbackloop.support.serialization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.TraceId;

import java.io.IOException;
import java.util.function.Function;

/**
 * The JSON mappers behind everything the platform stores. They are built here, not taken from Spring Boot,
 * so the stored format changes only when this class does (a test pins it per event type).
 */
public final class StoredFormat {

    private StoredFormat() {
    }

    /** Events: snake_case like the public API, ISO-8601 instants, identifiers as plain strings. */
    public static ObjectMapper eventMapper() {
        return base()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /**
     * Tokens, sagas and metadata: Axon's own types keep their names; saga state is read through fields so
     * a saga needs no getters.
     */
    public static ObjectMapper generalMapper() {
        return base()
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .build();
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(IsoInstants.module())
                .addModule(identifiers())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                // Derived predicates such as isNegative() are behaviour, not stored state.
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                // Untyped numbers (metadata, assessment values) read back as the Long they were written from.
                .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    }

    private static SimpleModule identifiers() {
        SimpleModule module = new SimpleModule("platform-identifiers");
        module.addSerializer(Identifier.class, new JsonSerializer<>() {
            @Override
            public void serialize(Identifier value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.value());
            }
        });
        module.addDeserializer(FeedbackId.class, fromString(FeedbackId::new));
        module.addDeserializer(TraceId.class, fromString(TraceId::new));
        module.addDeserializer(AssessmentId.class, fromString(AssessmentId::new));
        module.addDeserializer(ModelId.class, fromString(ModelId::new));
        return module;
    }

    private static <T> JsonDeserializer<T> fromString(Function<String, T> factory) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return factory.apply(p.getValueAsString());
            }
        };
    }
}
