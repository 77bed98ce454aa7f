package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.rules.RuleCondition;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An agent's counters per scope, for every list of scope keys the rules ask for: each series (agent version and
 * intent) is added to the scope it belongs to under each list. A series that lacks a value a scope needs (no intent
 * reported) belongs to no scope of that list.
 */
final class ScopedBuckets<T> {

    private final Map<List<String>, Map<Map<String, String>, Buckets<T>>> byKeys = new HashMap<>();
    private final Supplier<T> empty;
    private final BiConsumer<T, T> add;

    ScopedBuckets(Collection<List<String>> scopeKeys, Supplier<T> empty, BiConsumer<T, T> add) {
        this.empty = empty;
        this.add = add;
        scopeKeys.forEach(keys -> byKeys.put(keys, new TreeMap<>(java.util.Comparator.comparing(Object::toString))));
    }

    void add(String agentId, String version, String intent, Instant start, boolean minute, T counters) {
        byKeys.forEach((keys, scopes) -> {
            Map<String, String> scope = new LinkedHashMap<>();
            for (String key : keys) {
                String value = switch (key) {
                    case RuleCondition.AGENT_ID -> agentId;
                    case "agent_version" -> version;
                    default -> intent;
                };
                if (value == null || value.isEmpty()) {
                    return;
                }
                scope.put(key, value);
            }
            Buckets<T> buckets = scopes.computeIfAbsent(scope, s -> new Buckets<>(empty, add));
            if (minute) {
                buckets.addMinute(start, counters);
            } else {
                buckets.addHour(start, counters);
            }
        });
    }

    /** The scopes under one list of keys, in a stable order, with their buckets. */
    Map<Map<String, String>, Buckets<T>> scopes(List<String> keys) {
        return byKeys.getOrDefault(keys, Map.of());
    }
}
