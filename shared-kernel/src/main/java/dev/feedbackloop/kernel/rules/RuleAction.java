package dev.feedbackloop.kernel.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule does when it fires: an action type (see {@link ActionType#KNOWN}) and its parameters as written,
 * with the type's defaults filled in for parameters left out.
 */
public record RuleAction(String type, Map<String, String> parameters) {

    public RuleAction {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("an action needs a type");
        }
        Map<String, String> complete = new LinkedHashMap<>(parameters == null ? Map.of() : parameters);
        ActionType.named(type).ifPresent(known -> known.defaults().forEach(complete::putIfAbsent));
        parameters = Collections.unmodifiableMap(complete);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
