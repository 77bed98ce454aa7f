package dev.feedbackloop.kernel.gate;

import java.util.Locale;

/**
 * Whether a version may be deployed to an environment: every gate passed ({@code approved}), some gate failed
 * ({@code blocked}), some gate has no result yet and none failed ({@code pending}), or a named person let it through
 * despite failing or pending gates ({@code overridden}).
 */
public enum ApprovalStatus {
    APPROVED, BLOCKED, PENDING, OVERRIDDEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a deployment may go ahead. */
    public boolean allowsDeployment() {
        return this == APPROVED || this == OVERRIDDEN;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
