package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Failure;
import dev.feedbackloop.analysis.clustering.SyntheticFailures;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A week of one agent's feedback built from the clustering core's labelled generator: five failure modes and noise
 * complaints, each failure sent with one of the failure signals, plus satisfied feedback every quarter hour. Modes
 * 0 and 1 run throughout, modes 2 and 3 stop after {@link #STOPPED}, mode 4 starts at {@link #STARTED}. Every
 * twentieth satisfied feedback of mode 0's wording is a failure only by a failing assessment of its trace.
 */
final class FailureScenario {

    static final Duration SPAN = Duration.ofHours(6 * 24 + 12);
    static final Duration STOPPED = Duration.ofDays(2);
    static final Duration STARTED = Duration.ofHours(2 * 24 + 12);

    final String agent;
    final Instant start;
    /** Feedback id to generated mode ({@link SyntheticFailures#NOISE} for noise); failures only. */
    final Map<String, Integer> modeOf = new HashMap<>();
    final List<FeedbackSubmitted> feedback = new ArrayList<>();
    final List<AssessmentLogged> assessments = new ArrayList<>();

    FailureScenario(String agent, Instant start, long seed) {
        this.agent = agent;
        this.start = start;
        List<SyntheticFailures.Labelled> generated = new SyntheticFailures(seed).generate(5, 280, 0.2, agent, start, SPAN);
        int n = 0;
        int i = 0;
        for (SyntheticFailures.Labelled l : generated) {
            Duration at = Duration.between(start, l.failure().at());
            if ((l.mode() == 2 || l.mode() == 3) && at.compareTo(STOPPED) >= 0 || l.mode() == 4 && at.compareTo(STARTED) < 0) {
                continue;
            }
            Failure f = l.failure();
            i++;
            if (l.mode() == 0 && n++ % 20 == 0) {
                String trace = "tr-" + f.id();
                feedback.add(submitted(f, new ExplicitFeedback(5, Thumbs.UP, f.text(), null), null, trace));
                assessments.add(new AssessmentLogged(TraceId.of(trace), AssessmentId.of("as-" + f.id()), "correctness",
                        Boolean.FALSE, new AssessmentSource(AssessmentSourceType.LLM_JUDGE, "judge-v1"), "wrong refund status",
                        Map.of(), null, f.at().plusSeconds(30)));
            } else {
                feedback.add(failed(f, i));
            }
            modeOf.put(f.id(), l.mode());
        }
        for (Instant t = start; t.isBefore(start.plus(SPAN)); t = t.plus(Duration.ofMinutes(15))) {
            String id = agent + "-ok-" + t.getEpochSecond();
            feedback.add(new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), t, "u1", "s-" + id,
                    new ExplicitFeedback(5, Thumbs.UP, "great, thanks", null), new ImplicitSignals(true, false, 900L, 0, false),
                    metadata(t, "billing", List.of("crm_lookup"), Map.of()), "fp-" + id, t));
        }
        feedback.sort(Comparator.comparing(FeedbackSubmitted::timestamp));
    }

    /** A failure sent with one of the failure signals in turn, its reason sometimes in metadata.failure_reason. */
    private FeedbackSubmitted failed(Failure f, int n) {
        String[] parts = f.text().split("\\. ", 2);
        ExplicitFeedback explicit;
        ImplicitSignals implicit;
        switch (n % 5) {
            case 0 -> {
                explicit = new ExplicitFeedback(null, Thumbs.DOWN, f.text(), null);
                implicit = null;
            }
            case 1 -> {
                explicit = new ExplicitFeedback(1, null, f.text(), null);
                implicit = null;
            }
            case 2 -> {
                explicit = new ExplicitFeedback(null, null, f.text(), null);
                implicit = new ImplicitSignals(false, true, null, 2, false);
            }
            case 3 -> {
                explicit = new ExplicitFeedback(null, null, f.text(), null);
                implicit = new ImplicitSignals(null, null, null, null, true);
            }
            default -> {
                // the comment and the rest as the correction: the same text once composed
                explicit = new ExplicitFeedback(null, null, parts[0], parts.length > 1 ? parts[1] : "see above");
                implicit = null;
            }
        }
        return submitted(f, explicit, implicit, "tr-" + f.id());
    }

    private FeedbackSubmitted submitted(Failure f, ExplicitFeedback explicit, ImplicitSignals implicit, String trace) {
        return new FeedbackSubmitted(FeedbackId.of(f.id()), TraceId.of(trace), f.at(), "u-" + f.id(), "s-" + f.id(),
                explicit, implicit, metadata(f.at(), f.intent(), f.tools(), Map.of()), "fp-" + f.id(), f.at());
    }

    private FeedbackMetadata metadata(Instant at, String intent, List<String> tools, Map<String, Object> attributes) {
        String version = at.isBefore(start.plus(Duration.ofDays(3))) ? "1.0" : "1.1";
        return new FeedbackMetadata(agent, version, intent, tools, Map.of(), attributes);
    }

    /** Stores the feedback (and the assessments) as the feedback service would, up to {@code until}. */
    long publish(EventStore eventStore, Instant from, Instant until) {
        List<DomainEventMessage<?>> chunk = new ArrayList<>();
        long failures = 0;
        for (FeedbackSubmitted e : feedback) {
            if (e.timestamp().isBefore(from) || !e.timestamp().isBefore(until)) {
                continue;
            }
            chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e));
            failures += modeOf.containsKey(e.feedbackId().value()) && e.explicitFeedback().thumbs() != Thumbs.UP ? 1 : 0;
            if (chunk.size() == 1000) {
                eventStore.publish(chunk);
                chunk = new ArrayList<>();
            }
        }
        for (AssessmentLogged a : assessments) {
            if (!a.loggedAt().isBefore(from) && a.loggedAt().isBefore(until)) {
                chunk.add(new GenericDomainEventMessage<>("TraceAssessments", Streams.trace(a.traceId()), 0, a));
            }
        }
        if (!chunk.isEmpty()) {
            eventStore.publish(chunk);
        }
        return failures;
    }
}
