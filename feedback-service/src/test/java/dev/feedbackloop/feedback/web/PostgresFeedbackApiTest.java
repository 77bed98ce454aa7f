package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingestion API with PostgreSQL as the event store (read models on the embedded server). */
class PostgresFeedbackApiTest extends FeedbackApiContract {

    private static String url;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("feedback-api-pg").toString());
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
}
