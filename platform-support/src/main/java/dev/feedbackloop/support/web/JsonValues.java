package dev.feedbackloop.support.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of a JSON tree, recording a {@link FieldError} for each rule broken instead of stopping
 * at the first, so one answer names every offending field.
 */
public final class JsonValues {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_TEXT_LENGTH = 10_000;

    private final List<FieldError> errors = new ArrayList<>();

    public List<FieldError> errors() {
        return errors;
    }

    public void reject(String field, String rule, String message) {
        errors.add(new FieldError(field, rule, message));
    }

    /** The string at {@code name}, or null after recording {@code required} (absent or null) or {@code type}. */
    public String requiredString(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            reject(name, "required", "is required");
            return null;
        }
        if (!node.isTextual()) {
            reject(name, "type", "must be a string");
            return null;
        }
        return node.textValue();
    }

    /** The object at {@code node}, or null if absent/null; a non-object is an error. */
    public JsonNode object(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            reject(field, "type", "must be a JSON object");
            return null;
        }
        return node;
    }

    public void onlyKnownFields(JsonNode object, String prefix, java.util.Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                reject(path(prefix, name), "unknown_field", "is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
    }

    public String string(JsonNode parent, String name, String prefix, int maxLength) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        String field = path(prefix, name);
        if (!node.isTextual()) {
            reject(field, "type", "must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.length() > maxLength) {
            reject(field, "max_length", "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    public String identifier(JsonNode parent, String name, String prefix) {
        String value = string(parent, name, prefix, MAX_ID_LENGTH);
        if (value != null && !dev.feedbackloop.kernel.common.Identifier.isValid(value)) {
            reject(path(prefix, name), "format", "must be 1-" + MAX_ID_LENGTH + " characters without whitespace");
            return null;
        }
        return value;
    }

    public Boolean bool(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            reject(path(prefix, name), "type", "must be true, false or null");
            return null;
        }
        return node.booleanValue();
    }

    public Long integer(JsonNode parent, String name, String prefix, long min, long max) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        String field = path(prefix, name);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            reject(field, "type", "must be an integer");
            return null;
        }
        long value = node.longValue();
        if (value < min || value > max) {
            reject(field, min == 0 && max == Long.MAX_VALUE ? "min" : "range",
                    max == Long.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max);
            return null;
        }
        return value;
    }

    public List<String> strings(JsonNode parent, String name, String prefix, int maxItems, int maxLength) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String field = path(prefix, name);
        if (!node.isArray()) {
            reject(field, "type", "must be an array of strings");
            return List.of();
        }
        if (node.size() > maxItems) {
            reject(field, "max_items", "must have at most " + maxItems + " items");
            return List.of();
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                reject(field + "[" + i + "]", "type", "must be a string");
            } else if (item.textValue().length() > maxLength) {
                reject(field + "[" + i + "]", "max_length", "must be at most " + maxLength + " characters");
            } else {
                values.add(item.textValue());
            }
        }
        return values;
    }

    /**
     * A JSON value as plain Java (maps, lists, strings, longs, doubles, booleans, null), or null with an error
     * when it holds a number no double can carry (1e400 would otherwise be stored as Infinity).
     */
    public Object plain(JsonNode node, String field) {
        List<String> tooLarge = new ArrayList<>();
        Object value = plain(node, field, tooLarge);
        tooLarge.forEach(path -> reject(path, "range", "must be a finite number"));
        return tooLarge.isEmpty() ? value : null;
    }

    private static Object plain(JsonNode node, String field, List<String> tooLarge) {
        if (node != null && node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
            tooLarge.add(field);
            return null;
        }
        if (node != null && node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue(), path(field, e.getKey()), tooLarge)));
            return map;
        }
        if (node != null && node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), field + "[" + i + "]", tooLarge));
            }
            return list;
        }
        return plain(node);
    }

    private static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.asText();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    public static String path(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }
}
