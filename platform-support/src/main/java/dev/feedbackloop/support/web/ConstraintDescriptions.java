package dev.feedbackloop.support.web;

import dev.feedbackloop.kernel.common.Identifier;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;

import java.lang.annotation.Annotation;
import java.util.List;

/**
 * What the API description would otherwise get wrong about request records: the query parameters of an
 * {@link ApiQuery} record under the names {@link RequestReader} reads (springdoc names them after the Java fields), and
 * the constraints swagger-core does not know ({@link OneOf} as an enum, {@link WellFormedId} as a length and a
 * pattern).
 */
final class ConstraintDescriptions {

    /** Visible characters only, as the {@link Identifier} rule has it. */
    static final String ID_PATTERN = "^\\S+$";

    private ConstraintDescriptions() {
    }

    static PropertyCustomizer properties() {
        return (property, type) -> {
            if (property != null && type.getCtxAnnotations() != null) {
                describe(property, type.getCtxAnnotations());
            }
            return property;
        };
    }

    static ParameterCustomizer queryParameters() {
        return (parameter, methodParameter) -> {
            Class<?> record = methodParameter.getContainingClass();
            if (parameter == null || !record.isRecord() || !record.isAnnotationPresent(ApiQuery.class)) {
                return parameter;
            }
            parameter.setName(RequestReader.fieldName(record, methodParameter.getParameterName()));
            if (parameter.getSchema() != null) {
                describe(parameter.getSchema(), methodParameter.getParameterAnnotations());
            }
            return parameter;
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void describe(Schema schema, Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof OneOf oneOf) {
                schema.setEnum((List) List.of(oneOf.value()));
            } else if (a instanceof WellFormedId) {
                schema.setMinLength(1);
                schema.setMaxLength(Identifier.MAX_LENGTH);
                schema.setPattern(ID_PATTERN);
            }
        }
    }
}
