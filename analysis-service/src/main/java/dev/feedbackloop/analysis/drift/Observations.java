package dev.feedbackloop.analysis.drift;

import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features drift is measured on, as observed in one feedback: each field of {@code input_features}, the intent
 * category, the tools used, and the numeric implicit signals. Values are kept as histogram keys: numbers on a
 * logarithmic grid 1 % wide (fine enough for deciles, bounded whatever the values), categories by name.
 */
public final class Observations {

    public static final String INTENT_CATEGORY = "intent_category";
    public static final String TOOLS_USED = "tools_used";
    public static final String TIME_TO_COMPLETION = "time_to_completion_ms";
    public static final String RETRY_COUNT = "retry_count";
    public static final String INPUT_FEATURE_PREFIX = "input_features.";

    private static final double GRID = Math.log(1.01);

    private Observations() {
    }

    /** Feature name to the histogram keys this feedback adds to it; a feature the feedback lacks is absent. */
    public static Map<String, List<String>> of(FeedbackSubmitted event) {
        Map<String, List<String>> features = new LinkedHashMap<>();
        if (event.metadata().intentCategory() != null) {
            features.put(INTENT_CATEGORY, List.of(categoryKey(event.metadata().intentCategory())));
        }
        if (!event.metadata().toolsUsed().isEmpty()) {
            List<String> tools = new ArrayList<>();
            event.metadata().toolsUsed().forEach(t -> tools.add(categoryKey(t)));
            features.put(TOOLS_USED, tools);
        }
        if (event.implicitSignals() != null) {
            if (event.implicitSignals().timeToCompletionMs() != null) {
                features.put(TIME_TO_COMPLETION, List.of(numberKey(event.implicitSignals().timeToCompletionMs())));
            }
            if (event.implicitSignals().retryCount() != null) {
                features.put(RETRY_COUNT, List.of(numberKey(event.implicitSignals().retryCount())));
            }
        }
        event.metadata().inputFeatures().forEach((name, value) -> {
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                features.put(INPUT_FEATURE_PREFIX + name, List.of(numberKey(n.doubleValue())));
            } else if (value instanceof String || value instanceof Boolean) {
                features.put(INPUT_FEATURE_PREFIX + name, List.of(categoryKey(value.toString())));
            }
        });
        return features;
    }

    /** A number's key: its cell on the 1 % logarithmic grid, with sign; zero has a cell of its own. */
    public static String numberKey(double value) {
        if (Math.abs(value) < 1e-12) {
            return "z";
        }
        long cell = Math.round(Math.log(Math.abs(value)) / GRID);
        return (value > 0 ? "p" : "n") + cell;
    }

    public static boolean isNumberKey(String key) {
        return key.equals("z") || key.startsWith("p") || key.startsWith("n");
    }

    /** The value a number key stands for (the middle of its cell). */
    public static double numberOf(String key) {
        if (key.equals("z")) {
            return 0;
        }
        double magnitude = Math.exp(Long.parseLong(key.substring(1)) * GRID);
        return key.charAt(0) == 'p' ? magnitude : -magnitude;
    }

    public static String categoryKey(String category) {
        return "c" + category;
    }

    /** The category of a key; number keys read as their value. */
    public static String categoryOf(String key) {
        return key.startsWith("c") ? key.substring(1) : Double.toString(numberOf(key));
    }
}
