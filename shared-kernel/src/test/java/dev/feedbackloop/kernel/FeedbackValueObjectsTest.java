package dev.feedbackloop.kernel;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackContent;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedbackValueObjectsTest {

    @Test
    void identifiersRejectEmptyOverlongAndWhitespaceValues() {
        assertThatThrownBy(() -> FeedbackId.of("")).hasMessageContaining("feedback_id");
        assertThatThrownBy(() -> TraceId.of("a b")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> TraceId.of("x".repeat(129))).hasMessageContaining("128");
        assertThat(TraceId.of("tr-1")).hasToString("tr-1");
    }

    @Test
    void ratingOutsideOneToFiveIsRefused() {
        assertThatThrownBy(() -> new ExplicitFeedback(0, null, null, null)).hasMessageContaining("rating");
        assertThatThrownBy(() -> new ExplicitFeedback(6, null, null, null)).hasMessageContaining("rating");
        assertThat(new ExplicitFeedback(5, null, null, null).carriesSignal()).isTrue();
    }

    @Test
    void negativeCountsAndDurationsAreRefused() {
        assertThatThrownBy(() -> new ImplicitSignals(null, null, -1L, null, null)).hasMessageContaining("time_to_completion_ms");
        assertThatThrownBy(() -> new ImplicitSignals(null, null, null, -1, null)).hasMessageContaining("retry_count");
    }

    @Test
    void feedbackWithoutAnySignalIsRefused() {
        assertThatThrownBy(() -> new FeedbackContent(TraceId.of("t"), Instant.EPOCH, null, null,
                new ExplicitFeedback(null, null, null, null), null, null))
                .hasMessageContaining("at least one");
    }

    @Test
    void negativeSignalsAreThumbsDownLowRatingsAndCorrections() {
        assertThat(new ExplicitFeedback(null, Thumbs.DOWN, null, null).isNegative()).isTrue();
        assertThat(new ExplicitFeedback(2, null, null, null).isNegative()).isTrue();
        assertThat(new ExplicitFeedback(3, Thumbs.UP, null, null).isNegative()).isFalse();
        assertThat(new ExplicitFeedback(null, null, null, "the right answer").isNegative()).isTrue();
    }

    @Test
    void thumbsTravelAsLowerCaseWords() {
        assertThat(Thumbs.fromWireName("down")).isEqualTo(Thumbs.DOWN);
        assertThat(Thumbs.UP.wireName()).isEqualTo("up");
        assertThatThrownBy(() -> Thumbs.fromWireName("UP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataDefaultsToEmptyCollections() {
        FeedbackMetadata metadata = new FeedbackMetadata("a", null, null, null, null, null);
        assertThat(metadata.toolsUsed()).isEmpty();
        assertThat(metadata.inputFeatures()).isEmpty();
        assertThat(metadata.attributes()).isEmpty();
    }
}
