package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record Tuesday's top problems. */
public record RecordCycleProblems(String cycleId, List<CycleProblem> problems, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
