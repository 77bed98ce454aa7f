package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackContent;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class FeedbackTest {

    static final Instant AT = Instant.parse("2026-11-28T09:15:00Z");
    private AggregateTestFixture<Feedback> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Feedback.class);
    }

    static SubmitFeedback submit(String id) {
        FeedbackContent content = new FeedbackContent(TraceId.of("tr-1"), AT, "u-1", "s-1",
                new ExplicitFeedback(2, Thumbs.DOWN, "wrong invoice", null), null, FeedbackMetadata.EMPTY);
        return new SubmitFeedback(FeedbackId.of(id), content, "fp-1", AT.plusSeconds(1));
    }

    @Test
    void submittingFeedbackRecordsItWithItsEventTimeAndFingerprint() {
        SubmitFeedback command = submit("fb-1");
        fixture.givenNoPriorActivity()
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(FeedbackSubmitted.from(command));
    }

    @Test
    void aSubmissionWithoutFingerprintIsRefused() {
        SubmitFeedback command = submit("fb-1");
        fixture.givenNoPriorActivity()
                .when(new SubmitFeedback(command.feedbackId(), command.content(), null, command.receivedAt()))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }
}
