package dev.feedbackloop.kernel.interaction;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@link RecordInteractionSpans} for a trace whose stream is known not to exist yet: the aggregate is created without
 * reading the store first. Should the stream exist after all (another writer was faster), the append fails on the
 * store's unique key and the spans are sent again as {@link RecordInteractionSpans}.
 */
public record StartInteraction(RecordInteractionSpans spans) {

    @TargetAggregateIdentifier
    public String stream() {
        return spans.stream();
    }
}
