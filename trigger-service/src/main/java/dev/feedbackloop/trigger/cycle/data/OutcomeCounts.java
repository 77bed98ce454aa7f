package dev.feedbackloop.trigger.cycle.data;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import org.bson.Document;

/**
 * The outcome counters of some feedback (one slice of one series, or any sum of them). Each rate is taken over the
 * feedback that carries its signal, as the analysis service does: task_success_rate = completed / completed_n,
 * escalation_rate = escalated / escalated_n, retry_rate = retried / retried_n (the share with at least one retry),
 * average_user_rating over rated feedback.
 */
public final class OutcomeCounts {

    static final String[] FIELDS = {"n", "completed", "completed_n", "escalated", "escalated_n", "retried",
            "retried_n", "retry_sum", "r1", "r2", "r3", "r4", "r5", "thumbs_up", "thumbs_down", "negative"};

    long feedback;
    long completed;
    long completionReports;
    long escalated;
    long escalationReports;
    long retried;
    long retryReports;
    long retrySum;
    final long[] ratings = new long[5];
    long thumbsUp;
    long thumbsDown;
    long negative;

    public OutcomeCounts add(FeedbackSubmitted event) {
        feedback++;
        if (event.isNegativeSignal()) {
            negative++;
        }
        ExplicitFeedback explicit = event.explicitFeedback();
        if (explicit != null) {
            if (explicit.rating() != null) {
                ratings[explicit.rating() - 1]++;
            }
            if (explicit.thumbs() == Thumbs.UP) {
                thumbsUp++;
            } else if (explicit.thumbs() == Thumbs.DOWN) {
                thumbsDown++;
            }
        }
        ImplicitSignals implicit = event.implicitSignals();
        if (implicit != null) {
            if (implicit.taskCompleted() != null) {
                completionReports++;
                completed += implicit.taskCompleted() ? 1 : 0;
            }
            if (implicit.escalatedToHuman() != null) {
                escalationReports++;
                escalated += implicit.escalatedToHuman() ? 1 : 0;
            }
            if (implicit.retryCount() != null) {
                retryReports++;
                retried += implicit.retryCount() > 0 ? 1 : 0;
                retrySum += implicit.retryCount();
            }
        }
        return this;
    }

    public OutcomeCounts add(OutcomeCounts other) {
        long[] mine = values();
        long[] theirs = other.values();
        for (int i = 0; i < mine.length; i++) {
            mine[i] += theirs[i];
        }
        set(mine);
        return this;
    }

    /** Adds the counters of a stored series. */
    public OutcomeCounts add(Document stored) {
        long[] mine = values();
        for (int i = 0; i < FIELDS.length; i++) {
            mine[i] += stored.get(FIELDS[i]) instanceof Number n ? n.longValue() : 0;
        }
        set(mine);
        return this;
    }

    /** Adds these counters to a stored series. */
    public void addTo(Document stored) {
        long[] mine = values();
        for (int i = 0; i < FIELDS.length; i++) {
            if (mine[i] != 0) {
                stored.put(FIELDS[i], (stored.get(FIELDS[i]) instanceof Number n ? n.longValue() : 0) + mine[i]);
            }
        }
    }

    private long[] values() {
        return new long[]{feedback, completed, completionReports, escalated, escalationReports, retried, retryReports,
                retrySum, ratings[0], ratings[1], ratings[2], ratings[3], ratings[4], thumbsUp, thumbsDown, negative};
    }

    private void set(long[] v) {
        feedback = v[0];
        completed = v[1];
        completionReports = v[2];
        escalated = v[3];
        escalationReports = v[4];
        retried = v[5];
        retryReports = v[6];
        retrySum = v[7];
        System.arraycopy(v, 8, ratings, 0, 5);
        thumbsUp = v[13];
        thumbsDown = v[14];
        negative = v[15];
    }

    public long feedback() {
        return feedback;
    }

    public long completed() {
        return completed;
    }

    public long completionReports() {
        return completionReports;
    }

    public long escalated() {
        return escalated;
    }

    public long escalationReports() {
        return escalationReports;
    }

    public long retried() {
        return retried;
    }

    public long retryReports() {
        return retryReports;
    }

    public long retrySum() {
        return retrySum;
    }

    /** Counts of ratings 1 to 5 (index 0 is rating 1). */
    public long[] ratingHistogram() {
        return ratings.clone();
    }

    public long ratingCount() {
        long n = 0;
        for (long c : ratings) {
            n += c;
        }
        return n;
    }

    public long thumbsUp() {
        return thumbsUp;
    }

    public long thumbsDown() {
        return thumbsDown;
    }

    public long negativeSignals() {
        return negative;
    }

    /** Completed / completion reports, or null without reports. */
    public Double taskSuccessRate() {
        return ratio(completed, completionReports);
    }

    public Double escalationRate() {
        return ratio(escalated, escalationReports);
    }

    public Double retryRate() {
        return ratio(retried, retryReports);
    }

    public Double averageRating() {
        long n = 0;
        long sum = 0;
        for (int k = 0; k < 5; k++) {
            n += ratings[k];
            sum += (k + 1) * ratings[k];
        }
        return n == 0 ? null : (double) sum / n;
    }

    /** Completion reports that were not completed. */
    public long failures() {
        return completionReports - completed;
    }

    private static Double ratio(long x, long n) {
        return n == 0 ? null : (double) x / n;
    }
}
