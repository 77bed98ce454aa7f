package dev.feedbackloop.kernel.metrics;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedbackOutcomesTest {

    static FeedbackSubmitted feedback(Integer rating, Thumbs thumbs, Boolean completed, Integer retries, Boolean escalated) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new FeedbackSubmitted(FeedbackId.of("fb"), TraceId.of("t"), at, null, null,
                new ExplicitFeedback(rating, thumbs, null, null), new ImplicitSignals(completed, null, null, retries, escalated),
                FeedbackMetadata.EMPTY, "fp", at);
    }

    @Test
    void eachRateIsTakenOverTheFeedbackThatCarriesItsSignal() {
        FeedbackOutcomes o = new FeedbackOutcomes()
                .add(feedback(5, Thumbs.UP, true, 0, false))
                .add(feedback(2, null, false, 2, null))
                .add(feedback(null, Thumbs.DOWN, null, null, true))
                .add(feedback(4, null, true, null, null));
        assertThat(o.value(Metric.TASK_SUCCESS_RATE)).isEqualTo(2.0 / 3);
        assertThat(o.samples(Metric.TASK_SUCCESS_RATE)).isEqualTo(3);
        assertThat(o.value(Metric.AVERAGE_USER_RATING)).isEqualTo(11.0 / 3);
        assertThat(o.value(Metric.THUMBS_UP_RATE)).isEqualTo(0.5);
        assertThat(o.value(Metric.RETRY_RATE)).isEqualTo(0.5);
        assertThat(o.value(Metric.ESCALATION_RATE)).isEqualTo(0.5);
        assertThat(o.value(Metric.FOLLOW_UP_RATE)).isNull();
        assertThat(o.value(Metric.NEGATIVE_SIGNALS)).isEqualTo(2.0);
        assertThat(o.value(Metric.FEEDBACK_VOLUME)).isEqualTo(4.0);
    }

    @Test
    void windowsAddUpToTheFoldOfAllTheirFeedback() {
        FeedbackOutcomes a = new FeedbackOutcomes().add(feedback(5, Thumbs.UP, true, 0, false));
        FeedbackOutcomes b = new FeedbackOutcomes().add(feedback(1, Thumbs.DOWN, false, 3, true));
        FeedbackOutcomes both = new FeedbackOutcomes().add(feedback(5, Thumbs.UP, true, 0, false))
                .add(feedback(1, Thumbs.DOWN, false, 3, true));
        assertThat(new FeedbackOutcomes().add(a).add(b).counters()).isEqualTo(both.counters());
    }

    @Test
    void anOperationalMetricIsNotTakenFromFeedback() {
        assertThatThrownBy(() -> new FeedbackOutcomes().value(Metric.ERROR_RATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error_rate");
    }

    @Test
    void everyMetricHasOneNameAndTheCatalogNamesTheKnownOnesWhenAskedForAnother() {
        assertThat(Metric.names()).hasSize(Metric.values().length).contains("task_success_rate", "p95_latency_ms",
                "guardrail_triggers_per_minute", "input_distribution_psi");
        assertThatThrownBy(() -> Metric.named("succes_rate")).hasMessageContaining("task_success_rate");
        assertThat(Metric.ERROR_RATE.isWorse(0.06, 0.02)).isTrue();
        assertThat(Metric.TASK_SUCCESS_RATE.isWorse(0.8, 0.9)).isTrue();
    }

    @Test
    void aPercentileFromTheLogHistogramIsWithinFourAndAHalfPercent() {
        LogHistogram h = new LogHistogram();
        for (long ms = 1; ms <= 10_000; ms++) {
            h.add(ms);
        }
        assertThat(h.percentile(0.5)).isCloseTo(5_000, org.assertj.core.data.Percentage.withPercentage(4.5));
        assertThat(h.percentile(0.99)).isCloseTo(9_900, org.assertj.core.data.Percentage.withPercentage(4.5));
        assertThat(new LogHistogram().percentile(0.5)).isNull();
    }
}
