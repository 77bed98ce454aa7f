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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * An instant, or a date written as text, lies in the years {@code min} to {@code max} (rule {@code range}). By
 * default 0000-9999: beyond them there is no BSON date and no period arithmetic, and no feedback is stamped there.
 * Text that is no date is left to {@link IsoDate}.
 */
@Documented
@Constraint(validatedBy = {YearRange.ForInstant.class, YearRange.ForDate.class})
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface YearRange {

    int min() default 0;

    int max() default 9999;

    String rule() default "range";

    String message() default "must lie in the years 0000 to 9999";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class ForInstant implements ConstraintValidator<YearRange, Instant> {

        private YearRange range;

        @Override
        public void initialize(YearRange annotation) {
            range = annotation;
        }

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Instant first = LocalDate.of(range.min(), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant after = LocalDate.of(range.max() + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return !value.isBefore(first) && value.isBefore(after);
        }
    }

    class ForDate implements ConstraintValidator<YearRange, String> {

        private YearRange range;

        @Override
        public void initialize(YearRange annotation) {
            range = annotation;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            LocalDate date;
            try {
                date = value == null ? null : LocalDate.parse(value);
            } catch (DateTimeException e) {
                return true;
            }
            return date == null || (date.getYear() >= range.min() && date.getYear() <= range.max());
        }
    }
}
