package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.kernel.interaction.ModelPrice;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The price of each model's tokens, read once at start-up from YAML:
 * <pre>
 * currency: USD
 * models:
 *   gpt-4o: {input: 2.50, output: 10.00}   # per million tokens
 * </pre>
 * A model matches its entry exactly, or an entry followed by {@code -} and a suffix (a dated release), the longest
 * such entry first. A file with any problem stops the start-up, naming every problem.
 */
public final class PriceTable {

    public static final String DEFAULT_RESOURCE = "dev/feedbackloop/feedback/interaction/model-prices.yaml";

    private final String currency;
    private final TreeMap<String, ModelPrice> models;
    /** Model names seen, bounded: names come from clients. */
    private final Map<String, java.util.Optional<ModelPrice>> matches = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, java.util.Optional<ModelPrice>> eldest) {
                    return size() > 10_000;
                }
            });

    PriceTable(String currency, Map<String, ModelPrice> models) {
        this.currency = currency;
        this.models = new TreeMap<>(models);
    }

    public static PriceTable load(Path file) {
        if (file == null) {
            try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("classpath:" + DEFAULT_RESOURCE + " is missing");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
            } catch (IOException e) {
                throw new IllegalStateException("classpath:" + DEFAULT_RESOURCE + " cannot be read: " + e, e);
            }
        }
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return parse(Files.readString(absolute, StandardCharsets.UTF_8), absolute.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("platform.interactions.prices-file " + absolute + " cannot be read: " + e, e);
        }
    }

    static PriceTable parse(String yaml, String source) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("model price table " + source + " is not valid YAML: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        String currency = "USD";
        Map<String, ModelPrice> models = new LinkedHashMap<>();
        if (!(root instanceof Map<?, ?> top)) {
            problems.add("the file must be a mapping with 'currency' and 'models'");
        } else {
            top.keySet().stream().filter(k -> !List.of("currency", "models").contains(k))
                    .forEach(k -> problems.add(k + ": unknown key (known: currency, models)"));
            if (top.get("currency") instanceof String c && c.matches("[A-Za-z]{3}")) {
                currency = c.toUpperCase(java.util.Locale.ROOT);
            } else if (top.containsKey("currency")) {
                problems.add("currency: must be a three-letter code such as USD");
            }
            if (!(top.get("models") instanceof Map<?, ?> entries)) {
                problems.add("models: must map model names to {input: <price>, output: <price>} per million tokens");
            } else {
                entries.forEach((name, entry) -> {
                    String where = "models." + name;
                    if (!(name instanceof String) || ((String) name).isBlank()) {
                        problems.add(where + ": a model name must be text");
                    } else if (!(entry instanceof Map<?, ?> prices) || !(prices.get("input") instanceof Number in)
                            || !(prices.get("output") instanceof Number out) || prices.size() != 2) {
                        problems.add(where + ": must be {input: <price>, output: <price>} (per million tokens)");
                    } else if (!Double.isFinite(in.doubleValue()) || !Double.isFinite(out.doubleValue())
                            || in.doubleValue() < 0 || out.doubleValue() < 0 || in.doubleValue() > 1e6 || out.doubleValue() > 1e6) {
                        problems.add(where + ": prices must be between 0 and 1000000 per million tokens");
                    } else {
                        models.put((String) name, new ModelPrice(in.doubleValue(), out.doubleValue()));
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("model price table " + source + " has problems:\n  " + String.join("\n  ", problems));
        }
        return new PriceTable(currency, models);
    }

    public String currency() {
        return currency;
    }

    public Map<String, ModelPrice> models() {
        return java.util.Collections.unmodifiableMap(models);
    }

    /** The price of a model, or null when the table has none for it. */
    public ModelPrice priceOf(String model) {
        if (model == null) {
            return null;
        }
        return matches.computeIfAbsent(model, name -> {
            ModelPrice exact = models.get(name);
            if (exact != null) {
                return java.util.Optional.of(exact);
            }
            return models.entrySet().stream().filter(e -> name.startsWith(e.getKey() + "-"))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
        }).orElse(null);
    }

    /** The prices of the models named, for a command to carry. */
    public Map<String, ModelPrice> pricesOf(Collection<String> modelNames) {
        Map<String, ModelPrice> out = new HashMap<>();
        for (String model : modelNames) {
            ModelPrice price = priceOf(model);
            if (price != null) {
                out.put(model, price);
            }
        }
        return out;
    }
}
