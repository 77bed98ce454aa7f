package dev.feedbackloop.kernel.cycle;

/** Events of the weekly improvement cycle: collect, analyze, prioritize, implement, evaluate. */
public sealed interface CycleEvent permits BacklogItemDecided, BacklogItemMoved, CycleBacklogRanked, CycleMeasured, CyclePhaseStarted, CycleProblemsCompiled, CycleReviewCompiled, CycleWorkLinked, DeployedVersionRecorded, EvaluationDatasetUpdated, ImprovementCycleClosed, ImprovementCycleOpened, SuccessCriteriaAccepted, SuccessCriteriaProposed, TriageNoteAdded {

    String cycleId();
}
