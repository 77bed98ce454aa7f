package dev.feedbackloop.analysis.metrics;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import org.bson.Document;


/**
 * The counters behind every feedback metric, for one slice of feedback (an hour of one agent, version and intent, or
 * any sum of such hours). Each rate is taken over the feedback that carries its signal: the completion rate over
 * feedback that reported {@code task_completed}, the average rating over rated feedback, and so on.
 */
public final class MetricCounts {

    long feedback;
    long ratingSum;
    long ratings;
    long completed;
    long completionReports;
    long escalated;
    long escalationReports;
    long retried;
    long retryReports;
    long followUps;
    long followUpReports;
    long thumbsUp;
    long thumbsReports;
    long negative;
    final CompletionTimes completionTimes = new CompletionTimes();

    public void add(FeedbackSubmitted event) {
        feedback++;
        if (event.isNegativeSignal()) {
            negative++;
        }
        ExplicitFeedback explicit = event.explicitFeedback();
        if (explicit != null) {
            if (explicit.rating() != null) {
                ratings++;
                ratingSum += explicit.rating();
            }
            if (explicit.thumbs() != null) {
                thumbsReports++;
                thumbsUp += explicit.thumbs() == Thumbs.UP ? 1 : 0;
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
            }
            if (implicit.followUpRequired() != null) {
                followUpReports++;
                followUps += implicit.followUpRequired() ? 1 : 0;
            }
            if (implicit.timeToCompletionMs() != null) {
                completionTimes.add(implicit.timeToCompletionMs());
            }
        }
    }

    /** Adds the counters of a stored slice. */
    public MetricCounts add(Document stored) {
        feedback += number(stored, "n");
        ratingSum += number(stored, "rating_sum");
        ratings += number(stored, "rating_n");
        completed += number(stored, "completed");
        completionReports += number(stored, "completed_n");
        escalated += number(stored, "escalated");
        escalationReports += number(stored, "escalated_n");
        retried += number(stored, "retried");
        retryReports += number(stored, "retried_n");
        followUps += number(stored, "follow_up");
        followUpReports += number(stored, "follow_up_n");
        thumbsUp += number(stored, "thumbs_up");
        thumbsReports += number(stored, "thumbs_n");
        negative += number(stored, "negative");
        Document ttc = stored.get("ttc", Document.class);
        if (ttc != null) {
            completionTimes.add(ttc);
        }
        return this;
    }

    /** Adds one feedback as the search index stores it (see FeedbackSearchProjection). */
    public void addIndexed(Document d) {
        feedback++;
        if (Boolean.TRUE.equals(d.getBoolean("negative"))) {
            negative++;
        }
        if (d.get("rating") instanceof Number rating) {
            ratings++;
            ratingSum += rating.longValue();
        }
        if (d.getString("thumbs") != null) {
            thumbsReports++;
            thumbsUp += "up".equals(d.getString("thumbs")) ? 1 : 0;
        }
        if (d.get("task_completed") instanceof Boolean done) {
            completionReports++;
            completed += done ? 1 : 0;
        }
        if (d.get("escalated_to_human") instanceof Boolean escalatedToHuman) {
            escalationReports++;
            escalated += escalatedToHuman ? 1 : 0;
        }
        if (d.get("retry_count") instanceof Number retries) {
            retryReports++;
            retried += retries.longValue() > 0 ? 1 : 0;
        }
        if (d.get("follow_up_required") instanceof Boolean followUp) {
            followUpReports++;
            followUps += followUp ? 1 : 0;
        }
        if (d.get("time_to_completion_ms") instanceof Number millis) {
            completionTimes.add(millis.longValue());
        }
    }

    /** Adds another slice's counters, leaving out the completion-time histogram (for conditions, which never read it). */
    public MetricCounts addCounters(MetricCounts other) {
        feedback += other.feedback;
        ratingSum += other.ratingSum;
        ratings += other.ratings;
        completed += other.completed;
        completionReports += other.completionReports;
        escalated += other.escalated;
        escalationReports += other.escalationReports;
        retried += other.retried;
        retryReports += other.retryReports;
        followUps += other.followUps;
        followUpReports += other.followUpReports;
        thumbsUp += other.thumbsUp;
        thumbsReports += other.thumbsReports;
        negative += other.negative;
        return this;
    }

    public MetricCounts add(MetricCounts other) {
        addCounters(other);
        completionTimes.add(other.completionTimes);
        return this;
    }

    /** Adds these counters to a slice document as stored, without the completion-time histogram. */
    public void addCountersTo(Document stored) {
        addTo(stored, "n", feedback);
        addTo(stored, "rating_sum", ratingSum);
        addTo(stored, "rating_n", ratings);
        addTo(stored, "completed", completed);
        addTo(stored, "completed_n", completionReports);
        addTo(stored, "escalated", escalated);
        addTo(stored, "escalated_n", escalationReports);
        addTo(stored, "retried", retried);
        addTo(stored, "retried_n", retryReports);
        addTo(stored, "follow_up", followUps);
        addTo(stored, "follow_up_n", followUpReports);
        addTo(stored, "thumbs_up", thumbsUp);
        addTo(stored, "thumbs_n", thumbsReports);
        addTo(stored, "negative", negative);
    }

    /** Adds these counters to a slice document as stored, with the completion-time histogram. */
    public void addTo(Document stored) {
        addCountersTo(stored);
        if (completionTimes.count() > 0) {
            Document ttc = stored.get("ttc") instanceof Document d ? d : new Document();
            completionTimes.forEachBin((bin, count) -> addTo(ttc, Integer.toString(bin), count));
            stored.put("ttc", ttc);
        }
    }

    private static void addTo(Document stored, String field, long value) {
        if (value != 0) {
            stored.put(field, number(stored, field) + value);
        }
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }

    public long feedback() {
        return feedback;
    }

    public long negativeSignals() {
        return negative;
    }

    public long ratings() {
        return ratings;
    }

    public long completionReports() {
        return completionReports;
    }

    public Double averageRating() {
        return ratio(ratingSum, ratings);
    }

    public Double completionRate() {
        return ratio(completed, completionReports);
    }

    public Double escalationRate() {
        return ratio(escalated, escalationReports);
    }

    /** Share of feedback reporting a retry count whose count was above zero. */
    public Double retryRate() {
        return ratio(retried, retryReports);
    }

    public Double followUpRate() {
        return ratio(followUps, followUpReports);
    }

    public Double thumbsUpRate() {
        return ratio(thumbsUp, thumbsReports);
    }

    public CompletionTimes completionTimes() {
        return completionTimes;
    }

    /** The value of a metric named as in the rule file, and how many feedback it rests on. */
    public Double metric(String name) {
        return switch (name) {
            case "task_success_rate" -> completionRate();
            case "average_user_rating" -> averageRating();
            case "escalation_rate" -> escalationRate();
            case "retry_rate" -> retryRate();
            case "follow_up_rate" -> followUpRate();
            case "thumbs_up_rate" -> thumbsUpRate();
            case "negative_signals" -> (double) negative;
            case "feedback_volume" -> (double) feedback;
            default -> throw new IllegalArgumentException("no such feedback metric: " + name);
        };
    }

    /** How many feedback carry the signal a metric is computed from. */
    public long samples(String name) {
        return switch (name) {
            case "task_success_rate" -> completionReports;
            case "average_user_rating" -> ratings;
            case "escalation_rate" -> escalationReports;
            case "retry_rate" -> retryReports;
            case "follow_up_rate" -> followUpReports;
            case "thumbs_up_rate" -> thumbsReports;
            default -> feedback;
        };
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
