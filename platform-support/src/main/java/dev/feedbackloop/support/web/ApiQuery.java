package dev.feedbackloop.support.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A query-string record: a controller takes it as a parameter (with springdoc's {@code @ParameterObject} so the
 * API description lists its fields), and {@link ApiQueryResolver} reads it with {@link RequestReader}: snake_case
 * names, typed values, Bean Validation constraints, every broken rule at once.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiQuery {
}
