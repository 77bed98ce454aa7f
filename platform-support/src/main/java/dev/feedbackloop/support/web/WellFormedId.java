package dev.feedbackloop.support.web;

import dev.feedbackloop.kernel.common.Identifier;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text field holding an id for which the kernel has no typed id (an agent id, a version): the {@link Identifier}
 * rule, reported as a typed id's is (rule {@code format}, "must be 1-128 characters without whitespace").
 */
@Documented
@Constraint(validatedBy = WellFormedId.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WellFormedId {

    /** The rule name {@link RequestReader} reports. */
    String rule() default "format";

    String message() default "must be 1-" + Identifier.MAX_LENGTH + " characters without whitespace";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<WellFormedId, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Identifier.isValid(value);
        }
    }
}
