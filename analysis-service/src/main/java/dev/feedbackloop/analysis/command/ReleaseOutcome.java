package dev.feedbackloop.analysis.command;

import dev.feedbackloop.kernel.analysis.ModelVersionView;

/**
 * The result of one release announcement. {@link Status#ALREADY_RECORDED} answers a repeat of a recorded release
 * with that record, so a pipeline may retry freely and nothing is stored twice.
 */
public record ReleaseOutcome(ModelVersionView version, Status status) {

    public enum Status { RECORDED, ALREADY_RECORDED }

    public static ReleaseOutcome recorded(ModelVersionView version) {
        return new ReleaseOutcome(version, Status.RECORDED);
    }

    public static ReleaseOutcome alreadyRecorded(ModelVersionView version) {
        return new ReleaseOutcome(version, Status.ALREADY_RECORDED);
    }
}
