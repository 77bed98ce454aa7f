package dev.feedbackloop.analysis.web;

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

/** An ISO week such as {@code 2026-W47} that exists (rule {@code iso_week}); W53 only in the years that have one. */
@Documented
@Constraint(validatedBy = IsoWeek.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoWeek {

    String rule() default "iso_week";

    String message() default "must be an ISO week like 2026-W47 that exists";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<IsoWeek, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || IsoWeeks.isWeek(value);
        }
    }
}
