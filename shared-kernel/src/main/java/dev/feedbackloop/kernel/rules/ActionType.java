package dev.feedbackloop.kernel.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An action a rule may start, with the parameters it requires, those it may take (with defaults where it has
 * them) and the values a parameter is limited to. Sets keep the order they are listed in, for messages.
 */
public record ActionType(String name, Set<String> required, Set<String> optional, Map<String, String> defaults,
                         Map<String, Set<String>> allowedValues) {

    public static final ActionType ALERT = new ActionType("alert", names("channel"), names("severity", "runbook"),
            Map.of("severity", "warning"), Map.of("severity", names("info", "warning", "critical")));
    public static final ActionType CREATE_TICKET = new ActionType("create_ticket", names("priority"), names(),
            Map.of(), Map.of("priority", names("low", "medium", "high", "critical")));
    public static final ActionType SNAPSHOT_EVALUATION = new ActionType("snapshot_evaluation", names("dataset"),
            names(), Map.of(), Map.of());
    public static final ActionType TRIGGER_PIPELINE = new ActionType("trigger_pipeline", names("pipeline"), names(),
            Map.of(), Map.of());
    public static final ActionType CREATE_TEST_CASES = new ActionType("create_test_cases", names("source"), names(),
            Map.of(), Map.of("source", names("failure_cluster")));
    public static final ActionType TRIGGER_EVALUATION = new ActionType("trigger_evaluation", names(),
            names("dataset"), Map.of("dataset", "production_sample"), Map.of());
    public static final ActionType PRIORITIZE_IMPROVEMENT = new ActionType("prioritize_improvement", names(),
            names(), Map.of(), Map.of());
    /**
     * An action the platform does not carry out itself but announces as a trigger event ({@code AutoActionRequested})
     * for pipelines to act on, such as the alert matrix's {@code enable_enhanced_filtering}.
     */
    public static final ActionType AUTO_ACTION = new ActionType("auto_action", names("action"), names(), Map.of(),
            Map.of());

    /** Every action type by name, in the order above. */
    public static final Map<String, ActionType> KNOWN = byName(ALERT, CREATE_TICKET, SNAPSHOT_EVALUATION,
            TRIGGER_PIPELINE, CREATE_TEST_CASES, TRIGGER_EVALUATION, PRIORITIZE_IMPROVEMENT, AUTO_ACTION);

    public ActionType {
        required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
        optional = Collections.unmodifiableSet(new LinkedHashSet<>(optional));
        defaults = Map.copyOf(defaults);
        allowedValues = Map.copyOf(allowedValues);
    }

    public static Optional<ActionType> named(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }

    /** Required parameters first, then optional ones. */
    public Set<String> parameters() {
        Set<String> all = new LinkedHashSet<>(required);
        all.addAll(optional);
        return Collections.unmodifiableSet(all);
    }

    /** The values this parameter may take; empty when any text is allowed. */
    public Set<String> allowedValues(String parameter) {
        return allowedValues.getOrDefault(parameter, Set.of());
    }

    static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    private static Map<String, ActionType> byName(ActionType... types) {
        Map<String, ActionType> map = new LinkedHashMap<>();
        for (ActionType type : types) {
            map.put(type.name(), type);
        }
        return Collections.unmodifiableMap(map);
    }
}
