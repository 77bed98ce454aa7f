package dev.feedbackloop.kernel.release;

/** Events of one canary release. */
public sealed interface ReleaseEvent permits ReleaseOpened, CanaryStageStarted, PromotionRecommended, CanaryHeld,
        RollbackRequired, RolloutPaused, ReleaseProgressReported, ReleaseCompleted, ReleaseRolledBack {
    String releaseId();
}
