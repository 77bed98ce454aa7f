package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.ModelVersionReleased;
import dev.feedbackloop.kernel.analysis.RecordModelRelease;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Turns each model release into the conditions of the rules on {@code model_version_released}, on the monitor of
 * the agent the model belongs to (the model id is the agent id). The monitor records each once, so replaying is safe.
 */
@Component
@ProcessingGroup(ModelReleaseWatch.PROCESSING_GROUP)
public class ModelReleaseWatch {

    public static final String PROCESSING_GROUP = "analysis-model-release-watch";

    static final String EVENT = dev.feedbackloop.kernel.rules.RuleCondition.MODEL_VERSION_RELEASED;

    private final CommandGateway commands;
    private final List<String> rules;

    public ModelReleaseWatch(CommandGateway commands, RuleBook rules) {
        this.commands = commands;
        this.rules = rules.withEvent(EVENT).stream().map(TriggerRule::name).toList();
    }

    @EventHandler
    void on(ModelVersionReleased event) {
        if (!rules.isEmpty()) {
            commands.sendAndWait(new RecordModelRelease(event.modelId().value(), event.version(), event.releasedAt(), rules));
        }
    }
}
