package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** OpenTelemetry export to metrics on the zero-setup stores (H2 file event store, embedded MongoDB-compatible server). */
class EmbeddedOpenTelemetryEndToEndTest extends OpenTelemetryEndToEndContract {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("otel-e2e").toString());
    }

    @Override
    boolean commitsBackgroundWorkAsynchronously() {
        return false;
    }
}
