package dev.feedbackloop.analysis.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;

/**
 * An instant no later than the time it is received, give or take {@code skewMinutes} of clock skew between the sender
 * and the platform (rule {@code not_in_future}). "Now" is Bean Validation's clock, so it is checked beside the
 * request's other fields and every broken rule is named at once.
 */
@Documented
@Constraint(validatedBy = NotInFuture.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NotInFuture {

    long skewMinutes() default 0;

    String rule() default "not_in_future";

    String message() default "must not be after the time it is received";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<NotInFuture, Instant> {

        private Duration skew;

        @Override
        public void initialize(NotInFuture annotation) {
            skew = Duration.ofMinutes(annotation.skewMinutes());
        }

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || !value.isAfter(context.getClockProvider().getClock().instant().plus(skew));
        }
    }
}
