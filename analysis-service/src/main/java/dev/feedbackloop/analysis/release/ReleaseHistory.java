package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.release.CanaryHeld;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.PromotionRecommended;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseEvent;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.ReleaseProgressReported;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.ReleaseView;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A release read straight from its event stream: a release has a few dozen events, and its page must show exactly
 * what was decided, so there is no projection to lag behind.
 */
@Component
public class ReleaseHistory {

    private final EventStore events;

    public ReleaseHistory(EventStore events) {
        this.events = events;
    }

    public Optional<ReleaseView> find(String releaseId) {
        List<ReleaseEvent> stream = new ArrayList<>();
        events.readEvents(Streams.release(releaseId)).asStream().map(DomainEventMessage::getPayload)
                .filter(ReleaseEvent.class::isInstance).map(ReleaseEvent.class::cast).forEach(stream::add);
        return fold(stream);
    }

    static Optional<ReleaseView> fold(List<ReleaseEvent> stream) {
        if (stream.isEmpty() || !(stream.get(0) instanceof ReleaseOpened opened)) {
            return Optional.empty();
        }
        List<ReleaseView.StageView> stages = new ArrayList<>();
        List<ReleaseView.DecisionView> decisions = new ArrayList<>();
        List<ReleaseView.ReportView> reports = new ArrayList<>();
        String status = "open";
        boolean paused = false;
        for (ReleaseEvent e : stream) {
            if (e instanceof CanaryStageStarted s) {
                stages.add(new ReleaseView.StageView(s.percentage(), s.minDurationMinutes(), s.startedAt()));
            } else if (e instanceof PromotionRecommended p) {
                decisions.add(new ReleaseView.DecisionView("promotion_recommended", p.fromPercentage(),
                        p.nextPercentage(), null, p.measurements(), p.decidedAt()));
            } else if (e instanceof CanaryHeld h) {
                decisions.add(new ReleaseView.DecisionView("held", h.percentage(), null, h.reason(), h.measurements(),
                        h.decidedAt()));
            } else if (e instanceof RollbackRequired r) {
                decisions.add(new ReleaseView.DecisionView("rollback_required", r.percentage(), null, r.trigger(),
                        r.measurements(), r.decidedAt()));
            } else if (e instanceof RolloutPaused r) {
                decisions.add(new ReleaseView.DecisionView("paused", r.percentage(), null, r.trigger(),
                        r.measurements(), r.decidedAt()));
                paused = true;      // until the pipeline reports it resumed
            } else if (e instanceof ReleaseCompleted c) {
                status = "completed";
                decisions.add(new ReleaseView.DecisionView("completed", 100, null, null, c.measurements(),
                        c.completedAt()));
            } else if (e instanceof ReleaseProgressReported r) {
                reports.add(new ReleaseView.ReportView(r.action(), r.percentage(), r.note(), r.reportedAt()));
                paused = "paused".equals(r.action()) || (!"resumed".equals(r.action()) && !"promoted".equals(r.action())
                        && paused);
            } else if (e instanceof ReleaseRolledBack) {
                status = "rolled_back";
            }
        }
        ReleaseView.StageView current = stages.get(stages.size() - 1);
        return Optional.of(new ReleaseView(opened.releaseId(), opened.agentId(), opened.version(),
                opened.baselineVersion(), status, current.percentage(), current.startedAt(), current.minDurationMinutes(),
                paused, opened.canaryConfig(), opened.override(), opened.blockedReason(), opened.openedAt(),
                List.copyOf(stages), List.copyOf(decisions), List.copyOf(reports)));
    }
}
