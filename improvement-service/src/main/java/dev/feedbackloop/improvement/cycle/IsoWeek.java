package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.IsoWeeks;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An ISO week such as {@code 2026-W47} (rule {@code format}); W53 only in the years that have one. */
@Documented
@Constraint(validatedBy = IsoWeek.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoWeek {

    String MESSAGE = "must be an ISO week such as 2026-W47 (W53 only in long years)";

    String rule() default "format";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<IsoWeek, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || IsoWeeks.isWeek(value);
        }
    }
}
