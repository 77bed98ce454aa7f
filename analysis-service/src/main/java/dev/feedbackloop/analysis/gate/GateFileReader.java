package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.GateCategory;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.support.rules.ClosestName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a gate file: YAML with {@code environments} (names, in promotion order) and {@code gates}, each with a
 * {@code name}, {@code category}, {@code metric}, {@code comparison} ({@code < <= > >=}), {@code threshold} (one number
 * for every environment, or a number, or {@code n/a}, per environment) and optionally {@code min_tests}. Only plain
 * maps, lists and scalars are built; every problem is collected into one {@link GateSetException}.
 */
public final class GateFileReader {

    public static final String DEFAULT_RESOURCE = "dev/feedbackloop/analysis/gate/default-gates.yaml";
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final String NOT_APPLICABLE = "n/a";
    private static final List<String> TOP_KEYS = List.of("environments", "gates");
    private static final List<String> GATE_KEYS = List.of("name", "category", "metric", "comparison", "threshold",
            "min_tests", "description");
    private static final List<String> COMPARISONS = Arrays.stream(Threshold.Comparator.values())
            .map(Threshold.Comparator::symbol).toList();
    private static final List<String> CATEGORIES = Arrays.stream(GateCategory.values())
            .map(GateCategory::wireName).toList();

    private final List<String> problems = new ArrayList<>();

    private GateFileReader() {
    }

    public static GateSet defaults() {
        try (InputStream in = GateFileReader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new GateSetException("classpath:" + DEFAULT_RESOURCE, List.of("the resource is missing"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new GateSetException("classpath:" + DEFAULT_RESOURCE, List.of("cannot be read: " + e));
        }
    }

    public static GateSet load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new GateSetException(absolute.toString(), List.of("is not a file that exists"));
        }
        try {
            return parse(Files.readString(absolute, StandardCharsets.UTF_8), absolute.toString());
        } catch (IOException e) {
            throw new GateSetException(absolute.toString(), List.of("cannot be read: " + e));
        }
    }

    /** {@code source} names the file in messages. */
    public static GateSet parse(String yaml, String source) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            String problem = "not valid YAML: " + e.getMessage().strip().replace("\n", "\n    ");
            if (e.getMessage().contains("block scalar")) {
                problem += "\n    (a comparison starting with '>' must be quoted: comparison: \">=\")";
            }
            throw new GateSetException(source, List.of(problem));
        }
        GateFileReader reader = new GateFileReader();
        GateSet set = reader.read(root, source);
        if (set == null) {
            throw new GateSetException(source, reader.problems);
        }
        return set;
    }

    private GateSet read(Object root, String source) {
        if (!(root instanceof Map<?, ?> top)) {
            problems.add("the file must be a mapping with the keys environments and gates");
            return null;
        }
        unknownKeys(top, TOP_KEYS, "");
        List<String> environments = environments(top.get("environments"));
        List<GateDefinition> gates = new ArrayList<>();
        if (!(top.get("gates") instanceof List<?> list) || list.isEmpty()) {
            problems.add("gates: missing or empty; list the gates, each starting with \"- name:\"");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                GateDefinition gate = gate(list.get(i), "gates[" + i + "]", environments, names);
                if (gate != null) {
                    gates.add(gate);
                }
            }
        }
        return problems.isEmpty() ? new GateSet(environments, gates, source) : null;
    }

    private List<String> environments(Object value) {
        List<String> out = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problems.add("environments: missing or empty; list them in promotion order, e.g. [development, staging, production]");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof String name) || !ApprovalKey.isEnvironmentName(name)) {
                problems.add("environments[" + i + "]: " + quoted(e) + " " + ApprovalKey.ENVIRONMENT_RULE);
            } else if (out.contains(name)) {
                problems.add("environments[" + i + "]: " + quoted(name) + " is listed twice");
            } else {
                out.add(name);
            }
        }
        return out;
    }

    private GateDefinition gate(Object value, String at, List<String> environments, Set<String> names) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at + ": must be a mapping with name, category, metric, comparison and threshold");
            return null;
        }
        String name = map.get("name") instanceof String s ? s : null;
        String where = name == null ? at : at + " (" + name + ")";
        int before = problems.size();
        unknownKeys(map, GATE_KEYS, where + ".");
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(where + ".name: " + (map.containsKey("name") ? quoted(map.get("name"))
                    + " must be lower-case letters, digits and _, starting with a letter" : "missing"));
        } else if (!names.add(name)) {
            problems.add(where + ".name: " + quoted(name) + " names two gates");
        }
        GateCategory category = null;
        Object c = map.get("category");
        if (c == null) {
            problems.add(where + ".category: missing; one of " + String.join(", ", CATEGORIES));
        } else if (!CATEGORIES.contains(String.valueOf(c))) {
            problems.add(where + ".category: unknown category " + quoted(c) + " (known: " + String.join(", ", CATEGORIES) + ")");
        } else {
            category = GateCategory.valueOf(String.valueOf(c).toUpperCase(Locale.ROOT));
        }
        Object metric = map.get("metric");
        if (!(metric instanceof String m) || !NAME.matcher(m).matches()) {
            problems.add(where + ".metric: " + (metric == null ? "missing" : quoted(metric)
                    + " must be lower-case letters, digits and _, starting with a letter"));
        }
        Threshold.Comparator comparison = comparison(map.get("comparison"), where);
        Map<String, Double> thresholds = thresholds(map, where, environments);
        Integer minTests = null;
        if (map.containsKey("min_tests")) {
            if (map.get("min_tests") instanceof Integer n && n > 0) {
                minTests = n;
            } else {
                problems.add(where + ".min_tests: " + quoted(map.get("min_tests")) + " must be a whole number above 0");
            }
        }
        if (map.containsKey("description") && !(map.get("description") instanceof String)) {
            problems.add(where + ".description: must be text");
        }
        if (problems.size() > before) {
            return null;
        }
        return new GateDefinition(name, category, (String) metric, comparison, thresholds, minTests);
    }

    private Threshold.Comparator comparison(Object value, String where) {
        if (value == null) {
            problems.add(where + ".comparison: missing; one of " + String.join(" ", COMPARISONS)
                    + " (the value passes when it is <comparison> the threshold)");
            return null;
        }
        for (Threshold.Comparator c : Threshold.Comparator.values()) {
            if (c.symbol().equals(String.valueOf(value).strip())) {
                return c;
            }
        }
        problems.add(where + ".comparison: unknown comparison " + quoted(value) + " (known: "
                + String.join(" ", COMPARISONS) + ")");
        return null;
    }

    private Map<String, Double> thresholds(Map<?, ?> map, String where, List<String> environments) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!map.containsKey("threshold") || map.get("threshold") == null) {
            problems.add(where + ".threshold: missing; a number, or a number (or n/a) per environment");
            return out;
        }
        Object value = map.get("threshold");
        if (value instanceof Map<?, ?> per) {
            per.forEach((env, t) -> {
                String path = where + ".threshold." + env;
                if (!environments.contains(String.valueOf(env))) {
                    Optional<String> meant = ClosestName.to(String.valueOf(env), environments);
                    problems.add(path + ": " + quoted(env) + " is not an environment of this file (environments: "
                            + String.join(", ", environments) + ")" + meant.map(m -> "; did you mean " + m + "?").orElse(""));
                } else if (NOT_APPLICABLE.equals(t)) {
                    return;
                } else {
                    Double number = number(t, path);
                    if (number != null) {
                        out.put(String.valueOf(env), number);
                    }
                }
            });
            for (String env : environments) {
                if (!per.containsKey(env)) {
                    problems.add(where + ".threshold." + env + ": missing; a number, or n/a when the gate does not apply there");
                }
            }
            return out;
        }
        Double number = number(value, where + ".threshold");
        if (number != null) {
            environments.forEach(env -> out.put(env, number));
        }
        return out;
    }

    private Double number(Object value, String path) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        problems.add(path + ": " + quoted(value) + " must be a number >= 0" + (value instanceof String ? " (or n/a)" : ""));
        return null;
    }

    private void unknownKeys(Map<?, ?> map, List<String> known, String prefix) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                Optional<String> meant = ClosestName.to(String.valueOf(key), known);
                problems.add(prefix + key + ": unknown key (known: " + String.join(", ", known) + ")"
                        + meant.map(m -> "; did you mean " + m + "?").orElse(""));
            }
        }
    }

    private static String quoted(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
