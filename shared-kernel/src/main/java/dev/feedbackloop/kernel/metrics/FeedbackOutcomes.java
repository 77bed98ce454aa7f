package dev.feedbackloop.kernel.metrics;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;

import java.util.EnumMap;
import java.util.Map;

/**
 * The one fold of feedback into the {@link Metric.Source#FEEDBACK} metrics: counters that add up across any windows
 * (an hour of one agent, version and intent, or a sum of such hours), from which each metric is taken over the
 * feedback that carries its signal (the completion rate over feedback that reported {@code task_completed}, the
 * average rating over rated feedback). Projections store the {@link Counter}s under names of their choosing.
 */
public final class FeedbackOutcomes {

    /** What is counted. */
    public enum Counter {
        FEEDBACK, NEGATIVE,
        RATING_1, RATING_2, RATING_3, RATING_4, RATING_5,
        THUMBS_UP, THUMBS_DOWN,
        COMPLETED, COMPLETION_REPORTS,
        ESCALATED, ESCALATION_REPORTS,
        RETRIED, RETRY_REPORTS, RETRY_SUM,
        FOLLOW_UPS, FOLLOW_UP_REPORTS
    }

    private final long[] counts = new long[Counter.values().length];

    public FeedbackOutcomes add(FeedbackSubmitted event) {
        add(Counter.FEEDBACK, 1);
        if (event.isNegativeSignal()) {
            add(Counter.NEGATIVE, 1);
        }
        ExplicitFeedback explicit = event.explicitFeedback();
        if (explicit != null) {
            if (explicit.rating() != null) {
                add(Counter.values()[Counter.RATING_1.ordinal() + explicit.rating() - 1], 1);
            }
            if (explicit.thumbs() == Thumbs.UP) {
                add(Counter.THUMBS_UP, 1);
            } else if (explicit.thumbs() == Thumbs.DOWN) {
                add(Counter.THUMBS_DOWN, 1);
            }
        }
        ImplicitSignals implicit = event.implicitSignals();
        if (implicit != null) {
            report(implicit.taskCompleted(), Counter.COMPLETED, Counter.COMPLETION_REPORTS);
            report(implicit.escalatedToHuman(), Counter.ESCALATED, Counter.ESCALATION_REPORTS);
            report(implicit.followUpRequired(), Counter.FOLLOW_UPS, Counter.FOLLOW_UP_REPORTS);
            if (implicit.retryCount() != null) {
                report(implicit.retryCount() > 0, Counter.RETRIED, Counter.RETRY_REPORTS);
                add(Counter.RETRY_SUM, implicit.retryCount());
            }
        }
        return this;
    }

    private void report(Boolean value, Counter yes, Counter reports) {
        if (value != null) {
            add(reports, 1);
            if (value) {
                add(yes, 1);
            }
        }
    }

    public FeedbackOutcomes add(Counter counter, long amount) {
        counts[counter.ordinal()] += amount;
        return this;
    }

    public FeedbackOutcomes add(FeedbackOutcomes other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    /** The non-zero counters, for storing. */
    public Map<Counter, Long> counters() {
        Map<Counter, Long> out = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            if (counts[c.ordinal()] != 0) {
                out.put(c, counts[c.ordinal()]);
            }
        }
        return out;
    }

    public long feedback() {
        return get(Counter.FEEDBACK);
    }

    public long ratings() {
        long n = 0;
        for (int stars = 1; stars <= 5; stars++) {
            n += ratingsOf(stars);
        }
        return n;
    }

    public long ratingsOf(int stars) {
        return get(Counter.values()[Counter.RATING_1.ordinal() + stars - 1]);
    }

    public long ratingSum() {
        long sum = 0;
        for (int stars = 1; stars <= 5; stars++) {
            sum += stars * ratingsOf(stars);
        }
        return sum;
    }

    /** The value of a feedback metric over these counts, or null when no feedback carries its signal. */
    public Double value(Metric metric) {
        return switch (metric) {
            case TASK_SUCCESS_RATE -> ratio(Counter.COMPLETED, Counter.COMPLETION_REPORTS);
            case AVERAGE_USER_RATING -> ratings() == 0 ? null : (double) ratingSum() / ratings();
            case ESCALATION_RATE -> ratio(Counter.ESCALATED, Counter.ESCALATION_REPORTS);
            case RETRY_RATE -> ratio(Counter.RETRIED, Counter.RETRY_REPORTS);
            case FOLLOW_UP_RATE -> ratio(Counter.FOLLOW_UPS, Counter.FOLLOW_UP_REPORTS);
            case THUMBS_UP_RATE -> {
                long thumbs = get(Counter.THUMBS_UP) + get(Counter.THUMBS_DOWN);
                yield thumbs == 0 ? null : (double) get(Counter.THUMBS_UP) / thumbs;
            }
            case NEGATIVE_SIGNALS -> (double) get(Counter.NEGATIVE);
            case FEEDBACK_VOLUME -> (double) get(Counter.FEEDBACK);
            default -> throw new IllegalArgumentException(metric.wireName() + " is not computed from feedback");
        };
    }

    /** How many feedback carry the signal the metric is computed from. */
    public long samples(Metric metric) {
        return switch (metric) {
            case TASK_SUCCESS_RATE -> get(Counter.COMPLETION_REPORTS);
            case AVERAGE_USER_RATING -> ratings();
            case ESCALATION_RATE -> get(Counter.ESCALATION_REPORTS);
            case RETRY_RATE -> get(Counter.RETRY_REPORTS);
            case FOLLOW_UP_RATE -> get(Counter.FOLLOW_UP_REPORTS);
            case THUMBS_UP_RATE -> get(Counter.THUMBS_UP) + get(Counter.THUMBS_DOWN);
            case NEGATIVE_SIGNALS, FEEDBACK_VOLUME -> get(Counter.FEEDBACK);
            default -> throw new IllegalArgumentException(metric.wireName() + " is not computed from feedback");
        };
    }

    private Double ratio(Counter part, Counter whole) {
        long w = get(whole);
        return w == 0 ? null : (double) get(part) / w;
    }
}
