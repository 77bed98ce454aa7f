package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;

import java.util.List;

/** Events of the Interaction aggregate, one stream per trace. */
public sealed interface InteractionEvent permits InteractionSpansHeld, InteractionRecorded, InteractionAmended {

    TraceId traceId();

    /** The ids of the spans this event folds in: a span is folded into its trace once. */
    List<String> spanIds();
}
