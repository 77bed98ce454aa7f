package dev.feedbackloop.kernel.analysis;

/** Events of an agent's monitor: drift measurements and the rule conditions it saw begin and end. */
public sealed interface MonitorEvent permits DriftMeasured, DriftDetected, DriftResolved, DriftBaselinePinned,
        DriftBaselineReleased, TriggerConditionMet, TriggerConditionCleared {
    String agentId();
}
