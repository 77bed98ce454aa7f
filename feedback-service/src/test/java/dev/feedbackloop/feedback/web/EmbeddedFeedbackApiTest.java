package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.testing.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingestion API on the zero-setup default: H2 file event store and the embedded MongoDB-compatible server. */
class EmbeddedFeedbackApiTest extends FeedbackApiContract {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("feedback-api").toString());
    }
}
