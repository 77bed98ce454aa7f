package dev.feedbackloop.support.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * A text field that must be one of a few words (rule {@code one_of}, "must be one of a, b"): for the fields whose
 * clients already know that rule, where an enum would answer {@code enum}. {@link RequestReader} names the rule after
 * the annotation; the API description lists the words ({@link WebContractConfiguration}).
 */
@Documented
@Constraint(validatedBy = OneOf.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OneOf {

    String[] value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OneOf, String> {

        private List<String> allowed;

        @Override
        public void initialize(OneOf annotation) {
            allowed = List.of(annotation.value());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || allowed.contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(("must be one of " + String.join(", ", allowed))
                    .replaceAll("([{}$\\\\])", "\\\\$1")).addConstraintViolation();
            return false;
        }
    }
}
