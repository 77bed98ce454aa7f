package dev.feedbackloop.support.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body record: a controller takes it as {@code @RequestBody}, and {@link RequestBodyReader} reads it from
 * JSON with {@link RequestReader}, answering every broken rule at once. Its body may be as large as a
 * {@link BodyLimit} bean for its type says, else {@code platform.http.max-body-size} (64KB).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiRequest {
}
