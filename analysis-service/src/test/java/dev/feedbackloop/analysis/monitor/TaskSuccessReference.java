package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent of the monitor, from the feedback itself: when a minute-stepped "task success below x" alert is met
 * and cleared. At each minute the success rate over the window, with enough samples, says yes or no; met when the
 * last {@code durationMinutes} minutes have no no and at least 75 % yes; cleared at the first no after that.
 */
final class TaskSuccessReference {

    private final Instant start;
    private final long[] done;
    private final long[] reports;

    TaskSuccessReference(List<FeedbackSubmitted> feedback, Instant start, Instant end) {
        this.start = start;
        int minutes = (int) Duration.between(start, end).toMinutes();
        done = new long[minutes + 1];
        reports = new long[minutes + 1];
        long[] d = new long[minutes];
        long[] r = new long[minutes];
        for (FeedbackSubmitted f : feedback) {
            int m = (int) Duration.between(start, f.timestamp()).toMinutes();
            if (m >= 0 && m < minutes && f.implicitSignals() != null && f.implicitSignals().taskCompleted() != null) {
                r[m]++;
                d[m] += f.implicitSignals().taskCompleted() ? 1 : 0;
            }
        }
        for (int i = 0; i < minutes; i++) {
            done[i + 1] = done[i] + d[i];
            reports[i + 1] = reports[i] + r[i];
        }
    }

    /** The verdict at minute index s (the step at start + s minutes). */
    private Boolean holds(int s, int windowMinutes, int minSamples, double below) {
        int from = Math.max(0, s - windowMinutes);
        if (s < 0 || s >= reports.length) {
            return null;
        }
        long n = reports[s] - reports[from];
        if (n < minSamples) {
            return null;
        }
        return (double) (done[s] - done[from]) / n < below;
    }

    /** The event times it is met and cleared at, alternately, starting with a met. */
    List<Instant> transitions(int windowMinutes, int minSamples, double below, int durationMinutes) {
        List<Instant> out = new ArrayList<>();
        boolean met = false;
        int required = (int) Math.ceil(0.75 * durationMinutes - 1e-9);
        for (int t = 1; t < reports.length; t++) {
            int against = 0;
            int with = 0;
            for (int k = 0; k < durationMinutes; k++) {
                Boolean h = holds(t - k, windowMinutes, minSamples, below);
                if (Boolean.FALSE.equals(h)) {
                    against++;
                } else if (Boolean.TRUE.equals(h)) {
                    with++;
                }
            }
            Boolean now = against > 0 ? Boolean.FALSE : with >= required ? Boolean.TRUE : null;
            if (now != null && now != met) {
                met = now;
                out.add(start.plus(Duration.ofMinutes(t)));
            }
        }
        return out;
    }
}
