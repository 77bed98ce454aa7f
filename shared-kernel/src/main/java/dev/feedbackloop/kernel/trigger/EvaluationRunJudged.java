package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A completed run was compared with the last passing run of the previous version (section 21.2.2's gates). */
@Revision("1")
public record EvaluationRunJudged(String runId, String agentId, String agentVersion, Verdict verdict, String baselineRunId, List<String> reasons, Instant at) implements EvaluationRunEvent {
}
