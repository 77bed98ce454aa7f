package dev.feedbackloop.kernel.gate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A named person lets a blocked or pending version through, for a reason (both required). */
public record OverrideApproval(ApprovalKey key, String by, String reason, Instant at) {

    public static final int MAX_BY_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 2_000;

    @TargetAggregateIdentifier
    public String stream() {
        return key.stream();
    }
}
