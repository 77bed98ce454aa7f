package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Tuesday's deep-dive: the top problems with their numbers. */
@Revision("1")
public record CycleProblemsCompiled(String cycleId, List<CycleProblem> problems, Instant at) implements CycleEvent {
}
