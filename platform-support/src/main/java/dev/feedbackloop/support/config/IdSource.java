package dev.feedbackloop.support.config;

import java.util.UUID;

/** Where new identifiers come from; injected so tests can make them predictable. */
@FunctionalInterface
public interface IdSource {

    String next(String prefix);

    static IdSource random() {
        return prefix -> prefix + UUID.randomUUID();
    }
}
