package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import dev.feedbackloop.trigger.webhook.AddressPolicy;
import dev.feedbackloop.trigger.webhook.WebhookSettings;
import dev.feedbackloop.trigger.webhook.WebhookSignature;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The rules of a webhook subscription's fields as constraints, so that the request reader names every broken one at
 * once, each under its own rule. A URL breaks at most one of them: {@code max_length}, then {@code format}, then
 * {@code no_credentials}, then {@code public_host} (its host judged by the {@link AddressPolicy} without a lookup;
 * the addresses a name resolves to are checked when sending). Event types are dotted
 * ({@code feedbackloop.trigger.condition_met}); the class names older subscriptions used are read as their dotted
 * type. A secret has the Standard Webhooks form {@code whsec_<base64>}, and no message ever echoes it.
 */
public final class WebhookRules {

    private WebhookRules() {
    }

    /** The URL as an absolute http or https URI with a host, or null when it is not one (or is too long to judge). */
    static URI httpUrl(String text) {
        if (text == null || text.length() > SubscribeWebhook.MAX_URL_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The event types named, dotted and each once, in the order given. */
    static List<String> normalized(List<String> eventTypes) {
        return eventTypes.stream().map(t -> WebhookEventTypes.normalize(t).orElseThrow()).distinct().toList();
    }

    private static boolean reject(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message.replaceAll("([{}$\\\\])", "\\\\$1")).addConstraintViolation();
        return false;
    }

    /** An absolute http or https URL (rule {@code format}). */
    @Documented
    @Constraint(validatedBy = HttpUrl.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface HttpUrl {

        String rule() default "format";

        String message() default "must be an absolute http or https URL";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<HttpUrl, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || value.length() > SubscribeWebhook.MAX_URL_LENGTH || httpUrl(value) != null;
            }
        }
    }

    /** No user name or password in the URL (rule {@code no_credentials}): deliveries are signed instead. */
    @Documented
    @Constraint(validatedBy = NoCredentials.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface NoCredentials {

        String rule() default "no_credentials";

        String message() default "must not carry a user name or password; deliveries are signed instead";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<NoCredentials, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                URI uri = httpUrl(value);
                return uri == null || uri.getUserInfo() == null;
            }
        }
    }

    /** A host the {@link AddressPolicy} admits (rule {@code public_host}); the message says what the host is. */
    @Documented
    @Constraint(validatedBy = PublicHost.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface PublicHost {

        String rule() default "public_host";

        String message() default "must point at a public address";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Built by Spring's constraint validator factory, with the platform's webhook settings. */
        class Check implements ConstraintValidator<PublicHost, String> {

            private final AddressPolicy policy;

            public Check(WebhookSettings settings) {
                this.policy = new AddressPolicy(settings.allowLoopback());
            }

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                URI uri = httpUrl(value);
                if (uri == null || uri.getUserInfo() != null) {
                    return true;
                }
                return policy.hostRefusal(uri.getHost())
                        .map(refusal -> reject(context, "must point at a public address: its host " + refusal))
                        .orElse(true);
            }
        }
    }

    /** At least one event type (rule {@code not_empty}). */
    @Documented
    @Constraint(validatedBy = SomeEventType.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface SomeEventType {

        String rule() default "not_empty";

        String message() default "must name at least one event type";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<SomeEventType, List<String>> {
            @Override
            public boolean isValid(List<String> value, ConstraintValidatorContext context) {
                return value == null || !value.isEmpty() || reject(context, "must name at least one event type (known: "
                        + String.join(", ", WebhookEventTypes.KNOWN) + ")");
            }
        }
    }

    /** A known event type, dotted or by its older class name (rule {@code known_event_type}). */
    @Documented
    @Constraint(validatedBy = KnownEventType.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface KnownEventType {

        String rule() default "known_event_type";

        String message() default "is not a known event type";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<KnownEventType, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || WebhookEventTypes.isKnown(value) || reject(context, "'" + value
                        + "' is not a known event type (known: " + String.join(", ", WebhookEventTypes.KNOWN) + ")");
            }
        }
    }

    /** A Standard Webhooks secret, {@code whsec_} and the base64 of 24 to 64 random bytes (rule {@code format}). */
    @Documented
    @Constraint(validatedBy = StandardSecret.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface StandardSecret {

        String rule() default "format";

        // never echo the value: the message names the form only
        String message() default "must be " + WebhookSignature.SECRET_PREFIX + " followed by the base64 of "
                + WebhookSignature.MIN_KEY_BYTES + " to " + WebhookSignature.MAX_KEY_BYTES
                + " random bytes (Standard Webhooks); leave it out to have one generated";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<StandardSecret, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || WebhookSignature.isStandardSecret(value);
            }
        }
    }
}
