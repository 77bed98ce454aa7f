package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.List;

/** Monday's review: what happened since the last cycle (incidents, alerts, tickets in [from, to)) and the week-over-week metric deltas. */
public record CycleReview(Instant from, Instant to, List<String> incidentIds, long alertsRaised, long ticketsOpened, long ticketsResolved, List<MetricDelta> deltas) {
}
