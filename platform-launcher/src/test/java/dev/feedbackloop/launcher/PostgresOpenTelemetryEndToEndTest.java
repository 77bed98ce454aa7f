package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** OpenTelemetry export to metrics with PostgreSQL as the event store. */
class PostgresOpenTelemetryEndToEndTest extends OpenTelemetryEndToEndContract {

    private static String url;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("otel-e2e-pg").toString());
        registry.add("platform.database.url", () -> {
            if (url == null) {
                url = TestDatabases.newPostgresDatabase();
            }
            return url;
        });
        registry.add("platform.database.username", TestDatabases::postgresUser);
        registry.add("platform.database.password", TestDatabases::postgresPassword);
    }

    @AfterAll
    static void dropDatabase() {
        if (url != null) {
            TestDatabases.dropPostgresDatabase(url);
        }
    }

    @Override
    boolean commitsBackgroundWorkAsynchronously() {
        return true;
    }
}
