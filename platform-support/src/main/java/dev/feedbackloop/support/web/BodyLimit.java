package dev.feedbackloop.support.web;

/** The largest body an {@link ApiRequest} type accepts, when it is not {@code platform.http.max-body-size}. */
public record BodyLimit(Class<?> requestType, int maxBytes) {

    public BodyLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the body limit of " + requestType.getSimpleName() + " must be positive");
        }
    }
}
