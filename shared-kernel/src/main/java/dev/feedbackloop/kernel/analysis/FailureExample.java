package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** A failure as clustering saw it: the feedback, when it happened and what was said about it. */
public record FailureExample(String feedbackId, Instant timestamp, String text, String intentCategory,
                             String agentVersion) {
}
