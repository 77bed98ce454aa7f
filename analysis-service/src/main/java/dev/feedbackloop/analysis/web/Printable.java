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

/**
 * A free-form name (a version, an intent, a feature) holds visible text and spaces only: no control characters, NUL
 * or lone surrogates, which no store or log line should carry (rule {@code name}).
 */
@Documented
@Constraint(validatedBy = Printable.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Printable {

    String rule() default "name";

    String message() default "must not contain control characters, NUL or lone surrogates";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Printable, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || printable(value);
        }

        /** Whether every character is visible text or a space. */
        static boolean printable(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
