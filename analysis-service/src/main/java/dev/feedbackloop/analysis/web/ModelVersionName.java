package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ModelId;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A model version: the model ids' alphabet and length, so it sits in a URL path unescaped (rule {@code format}). */
@Documented
@Constraint(validatedBy = ModelVersionName.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ModelVersionName {

    String rule() default "format";

    String message() default ModelId.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ModelVersionName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ModelId.isWellFormed(value);
        }
    }
}
