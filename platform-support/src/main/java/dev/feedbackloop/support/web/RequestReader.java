package dev.feedbackloop.support.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedbackloop.kernel.common.Identifier;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads a request record from a JSON body or a query string, naming every broken rule at once: the JSON type of each
 * field from the record component's Java type, unknown fields, {@code @NotNull} fields that are missing (and in a body
 * {@code @NotBlank} and {@code @NotEmpty} ones, which refuse null too), then the
 * record's Bean Validation constraints, then its own {@link RequestRules}. One reader, so limits, ids, timestamps,
 * enums and error rules read the same on every endpoint. The record is built through its canonical constructor.
 * <p>
 * Names are the record components' in snake_case ({@code traceId} reads {@code trace_id}), or a
 * {@link JsonProperty} value. A {@code Map<String, Object>} component marked {@link OtherFields} takes the fields
 * no component names, instead of their being refused. Typed ids (records implementing {@link Identifier}) read
 * from a string checked by the identifier rule. Enums read their wire name: the value of a {@code wireName()}
 * method, else the lower-case constant name. A {@code JsonNode} component takes any JSON value as it is, and receives
 * a JSON {@code null} as a null node: so a field may be required to be present while {@code null} is one of its values.
 * <p>
 * Rule names in errors: {@code type}, {@code required}, {@code unknown_field}, {@code enum}, {@code format}
 * (timestamps, ids, {@code @Pattern}), {@code range} ({@code @Range}), {@code min}, {@code max},
 * {@code min_length}, {@code max_length}, {@code min_items}, {@code max_items}, {@code not_blank}, plus those a
 * record's {@link RequestRules} adds.
 */
public final class RequestReader {

    /** Where the values come from: JSON keeps its types; a query string's values are all text, converted. */
    public enum Source { JSON, QUERY }

    private final Validator validator;
    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final Map<Class<?>, BeanDescriptor> descriptors = new ConcurrentHashMap<>();

    public RequestReader(Validator validator) {
        this.validator = validator;
    }

    /** The record, or an {@link ApiProblem} naming every broken rule. */
    public <T> T read(JsonNode node, Class<T> type, RequestRules.Context context) {
        Violations violations = new Violations();
        T value = read(node, type, "", Source.JSON, violations, context);
        violations.throwIfAny();
        return value;
    }

    /** Like {@link #read(JsonNode, Class, RequestRules.Context)}, adding the errors to {@code violations}. */
    public <T> T read(JsonNode node, Class<T> type, String prefix, Source source, Violations violations,
                      RequestRules.Context context) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            violations.add(prefix, "required", "a JSON object is required");
            return null;
        }
        if (!node.isObject()) {
            violations.add(prefix, "type", "must be a JSON object");
            return null;
        }
        @SuppressWarnings("unchecked")
        T value = (T) readRecord(node, type, prefix, source, violations, context);
        return value;
    }

    /** A query string as a record: repeated parameters fill list components, every other value is its first. */
    public <T> T readQuery(Map<String, List<String>> parameters, Class<T> type, RequestRules.Context context) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        Shape shape = shape(type);
        parameters.forEach((name, values) -> {
            Field field = shape.byName.get(name);
            if (field != null && isList(field.type)) {
                var array = node.putArray(name);
                values.forEach(array::add);
            } else if (!values.isEmpty()) {
                node.put(name, values.get(0));
            }
        });
        Violations violations = new Violations();
        T value = read(node, type, "", Source.QUERY, violations, context);
        violations.throwIfAny();
        return value;
    }

    // --- records --------------------------------------------------------------------------------------------

    private Object readRecord(JsonNode node, Class<?> type, String prefix, Source source, Violations violations,
                              RequestRules.Context context) {
        Shape shape = shape(type);
        int before = violations.size();
        Map<String, Object> others = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!shape.byName.containsKey(name)) {
                if (shape.others != null) {
                    others.put(name, plain(node.get(name), path(prefix, name), violations));
                } else {
                    violations.add(path(prefix, name), "unknown_field", "is not a known field (known: "
                            + String.join(", ", shape.known) + ")");
                }
            }
        });
        Object[] args = new Object[shape.fields.size()];
        for (int i = 0; i < shape.fields.size(); i++) {
            Field field = shape.fields.get(i);
            if (field == shape.others) {
                args[i] = others;
                continue;
            }
            JsonNode value = node.get(field.name);
            String fieldPath = path(prefix, field.name);
            if (value != null && value.isNull() && field.type == JsonNode.class) {
                args[i] = value;
                continue;
            }
            if (value == null || value.isNull()) {
                if (field.required || (field.notEmpty && source == Source.JSON)) {
                    violations.add(fieldPath, "required", "is required");
                }
                args[i] = emptyOf(field.type);
                continue;
            }
            int fieldBefore = violations.size();
            args[i] = convert(value, field.type, field.genericType, fieldPath, source, violations, context);
            if (violations.size() == fieldBefore) {
                constraints(shape.type, field, args[i], fieldPath, violations);
            }
        }
        if (violations.size() > before) {
            return null;
        }
        Object record = construct(shape, args, prefix, violations);
        if (record == null) {
            return null;
        }
        if (record instanceof RequestRules rules) {
            rules.check(new Violations.Scoped(violations, prefix), context);
            if (violations.size() > before) {
                return null;
            }
        }
        return record;
    }

    /**
     * The field's own Bean Validation constraints, checked on its value alone, so sibling errors show too. A field
     * without any is not handed to the validator: building its property path and walking its empty metadata was 9 %
     * of the HTTP threads' CPU samples under single feedback POSTs.
     */
    private void constraints(Class<?> type, Field field, Object value, String path, Violations violations) {
        BeanDescriptor bean = descriptors.computeIfAbsent(type, validator::getConstraintsForClass);
        if (bean.getConstraintsForProperty(field.component) == null) {
            return;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Set<ConstraintViolation<Object>> found = (Set) validator.validateValue((Class) type, field.component, value);
        for (ConstraintViolation<Object> v : found) {
            violations.add(path + elementIndex(v.getPropertyPath()), ruleOf(v.getConstraintDescriptor(), v.getInvalidValue()),
                    messageOf(v.getConstraintDescriptor(), v.getInvalidValue(), v.getMessage()));
        }
    }

    /** {@code [i]} when a constraint on a list's elements ({@code List<@X String>}) broke at element i. */
    private static String elementIndex(jakarta.validation.Path propertyPath) {
        StringBuilder out = new StringBuilder();
        for (jakarta.validation.Path.Node node : propertyPath) {
            if (node.isInIterable() && node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static Object construct(Shape shape, Object[] args, String prefix, Violations violations) {
        try {
            return shape.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                violations.add(prefix, "invalid", bad.getMessage());
                return null;
            }
            throw new IllegalStateException("cannot build " + shape.type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build " + shape.type.getSimpleName() + " from "
                    + Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName()).toList(), e);
        }
    }

    // --- values ---------------------------------------------------------------------------------------------

    private Object convert(JsonNode value, Class<?> type, Type generic, String path, Source source,
                           Violations violations, RequestRules.Context context) {
        if (type == String.class) {
            if (value.isTextual()) {
                return value.textValue();
            }
            violations.add(path, "type", "must be a string");
            return null;
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            boolean isInt = type == Integer.class || type == int.class;
            Long number = integral(value, source);
            if (number == null || (isInt && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE))) {
                violations.add(path, "type", "must be an integer");
                return null;
            }
            return isInt ? (Object) Integer.valueOf(number.intValue()) : (Object) number;
        }
        if (type == Double.class || type == double.class || type == BigDecimal.class) {
            Double number = decimal(value, source);
            if (number == null) {
                violations.add(path, "type", "must be a number");
                return null;
            }
            if (!Double.isFinite(number)) {
                violations.add(path, "range", "must be a finite number");
                return null;
            }
            return type == BigDecimal.class ? (Object) BigDecimal.valueOf(number) : (Object) number;
        }
        if (type == Boolean.class || type == boolean.class) {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (source == Source.QUERY && value.isTextual() && Set.of("true", "false").contains(value.textValue())) {
                return Boolean.valueOf(value.textValue());
            }
            violations.add(path, "type", source == Source.QUERY ? "must be true or false" : "must be true, false or null");
            return null;
        }
        if (type == Instant.class) {
            if (!value.isTextual()) {
                violations.add(path, "type", "must be a string");
                return null;
            }
            try {
                return OffsetDateTime.parse(value.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                violations.add(path, "format", "must be an ISO-8601 date-time with offset, such as 2026-11-28T09:15:00Z");
                return null;
            }
        }
        if (type.isEnum()) {
            return enumValue(value, type, path, violations);
        }
        if (Identifier.class.isAssignableFrom(type) && type.isRecord()) {
            if (!value.isTextual()) {
                violations.add(path, "type", "must be a string");
                return null;
            }
            if (!Identifier.isValid(value.textValue())) {
                violations.add(path, "format", "must be 1-" + Identifier.MAX_LENGTH + " characters without whitespace");
                return null;
            }
            return identifier(type, value.textValue());
        }
        if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
            if (!value.isArray()) {
                violations.add(path, "type", "must be an array");
                return null;
            }
            Type item = typeArgument(generic, 0);
            List<Object> items = new ArrayList<>(value.size());
            int before = violations.size();
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                String itemPath = path + "[" + i + "]";
                if (element == null || element.isNull()) {
                    violations.add(itemPath, "required", "must not be null");
                    continue;
                }
                items.add(convert(element, raw(item), item, itemPath, source, violations, context));
            }
            if (violations.size() > before) {
                return null;
            }
            return Set.class.isAssignableFrom(type) ? new LinkedHashSet<>(items) : List.copyOf(items);
        }
        if (Map.class.isAssignableFrom(type)) {
            if (!value.isObject()) {
                violations.add(path, "type", "must be a JSON object");
                return null;
            }
            Type item = typeArgument(generic, 1);
            Map<String, Object> map = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> map.put(e.getKey(), raw(item) == Object.class
                    ? plain(e.getValue(), path + "." + e.getKey(), violations)
                    : convert(e.getValue(), raw(item), item, path + "." + e.getKey(), source, violations, context)));
            return map;
        }
        if (type == JsonNode.class) {
            return value;
        }
        if (type == Object.class) {
            return plain(value, path, violations);
        }
        if (type.isRecord()) {
            if (!value.isObject()) {
                violations.add(path, "type", "must be a JSON object");
                return null;
            }
            return readRecord(value, type, path, source, violations, context);
        }
        throw new IllegalStateException("RequestReader cannot read " + type.getName() + " at " + path);
    }

    private static Long integral(JsonNode value, Source source) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (source == Source.QUERY && value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double decimal(JsonNode value, Source source) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (source == Source.QUERY && value.isTextual()) {
            try {
                return Double.parseDouble(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Object enumValue(JsonNode value, Class<?> type, String path, Violations violations) {
        Map<String, Object> byWire = wireNames(type);
        if (value.isTextual() && byWire.containsKey(value.textValue())) {
            return byWire.get(value.textValue());
        }
        violations.add(path, "enum", "must be one of " + byWire.keySet().stream()
                .map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")));
        return null;
    }

    private static final Map<Class<?>, Map<String, Object>> WIRE_NAMES = new ConcurrentHashMap<>();

    /** An enum's constants by wire name, in declaration order. */
    public static Map<String, Object> wireNames(Class<?> type) {
        return WIRE_NAMES.computeIfAbsent(type, t -> {
            Map<String, Object> names = new LinkedHashMap<>();
            Method wireName = null;
            try {
                wireName = t.getMethod("wireName");
            } catch (NoSuchMethodException e) {
                // the lower-case constant name is the wire name
            }
            for (Object constant : t.getEnumConstants()) {
                try {
                    names.put(wireName != null ? (String) wireName.invoke(constant)
                            : ((Enum<?>) constant).name().toLowerCase(Locale.ROOT), constant);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return java.util.Collections.unmodifiableMap(names);
        });
    }

    private static Object identifier(Class<?> type, String value) {
        try {
            Method of = type.getMethod("of", String.class);
            if (Modifier.isStatic(of.getModifiers())) {
                return of.invoke(null, value);
            }
            return type.getDeclaredConstructor(String.class).newInstance(value);
        } catch (NoSuchMethodException e) {
            try {
                return type.getDeclaredConstructor(String.class).newInstance(value);
            } catch (ReflectiveOperationException inner) {
                throw new IllegalStateException(inner);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JSON value as plain Java (maps, lists, strings, longs, doubles, booleans, null); a number no double can carry
     * (1e400 would otherwise be stored as Infinity) is a {@code range} error.
     */
    public static Object plain(JsonNode node, String path, Violations violations) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue(), path(path, e.getKey()), violations)));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), path + "[" + i + "]", violations));
            }
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.asText();
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                violations.add(path, "range", "must be a finite number");
                return null;
            }
            return d;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    private static Object emptyOf(Class<?> type) {
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return null;
    }

    // --- constraint messages ----------------------------------------------------------------------------------

    static String ruleOf(ConstraintDescriptor<?> descriptor, Object invalid) {
        String annotation = descriptor.getAnnotation().annotationType().getSimpleName();
        boolean many = invalid instanceof java.util.Collection<?> || invalid instanceof Map<?, ?>;
        return switch (annotation) {
            case "Min", "DecimalMin", "PositiveOrZero", "Positive" -> "min";
            case "Max", "DecimalMax", "NegativeOrZero", "Negative" -> "max";
            case "Range" -> "range";
            case "Size", "Length" -> (sizeOf(invalid) < ((Number) descriptor.getAttributes().get("min")).intValue()
                    ? "min_" : "max_") + (many ? "items" : "length");
            case "NotBlank" -> "not_blank";
            case "NotEmpty" -> many ? "min_items" : "min_length";
            case "Pattern", "Email" -> "format";
            case "NotNull" -> "required";
            default -> {
                Object rule = descriptor.getAttributes().get("rule");
                yield rule instanceof String r && !r.isEmpty() ? r
                        : annotation.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            }
        };
    }

    static String messageOf(ConstraintDescriptor<?> descriptor, Object invalid, String message) {
        Map<String, Object> a = descriptor.getAttributes();
        return switch (descriptor.getAnnotation().annotationType().getSimpleName()) {
            case "Min", "DecimalMin" -> "must be at least " + a.get("value");
            case "Max", "DecimalMax" -> "must be at most " + a.get("value");
            case "PositiveOrZero" -> "must be at least 0";
            case "Positive" -> "must be greater than 0";
            case "Range" -> "must be between " + a.get("min") + " and " + a.get("max");
            case "Size", "Length" -> {
                boolean many = invalid instanceof java.util.Collection<?> || invalid instanceof Map<?, ?>;
                String unit = many ? " items" : " characters";
                int min = ((Number) a.get("min")).intValue();
                yield sizeOf(invalid) < min ? "must have at least " + min + unit : "must have at most " + a.get("max") + unit;
            }
            case "NotBlank" -> "must not be blank";
            default -> message;
        };
    }

    private static int sizeOf(Object value) {
        return value instanceof CharSequence s ? s.length()
                : value instanceof java.util.Collection<?> c ? c.size()
                : value instanceof Map<?, ?> m ? m.size() : 0;
    }

    // --- shapes -------------------------------------------------------------------------------------------------

    /**
     * {@code required}: {@code @NotNull}. {@code notEmpty}: {@code @NotBlank} or {@code @NotEmpty}, which refuse null
     * too, so in a body such a field is required; a query parameter left out is not given, and they refuse only a
     * blank value there.
     */
    private record Field(String name, String component, Class<?> type, Type genericType, boolean required,
                         boolean notEmpty) {
    }

    private static final class Shape {
        final Class<?> type;
        final Constructor<?> constructor;
        final List<Field> fields;
        final Map<String, Field> byName = new LinkedHashMap<>();
        final Map<String, String> byComponent = new LinkedHashMap<>();
        final Field others;
        final Set<String> known = new TreeSet<>();

        Shape(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            try {
                this.constructor = type.getDeclaredConstructor(Arrays.stream(components)
                        .map(RecordComponent::getType).toArray(Class<?>[]::new));
                this.constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
            List<Field> fields = new ArrayList<>();
            Field others = null;
            for (RecordComponent c : components) {
                java.lang.reflect.Field backing;
                try {
                    backing = type.getDeclaredField(c.getName());
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                String name = fieldName(backing);
                boolean required = backing.isAnnotationPresent(NotNull.class);
                boolean notEmpty = backing.isAnnotationPresent(jakarta.validation.constraints.NotBlank.class)
                        || backing.isAnnotationPresent(jakarta.validation.constraints.NotEmpty.class);
                Field field = new Field(name, c.getName(), c.getType(), c.getGenericType(), required, notEmpty);
                fields.add(field);
                byComponent.put(c.getName(), name);
                if (c.isAnnotationPresent(OtherFields.class)) {
                    others = field;
                } else {
                    byName.put(name, field);
                    known.add(name);
                }
            }
            this.fields = List.copyOf(fields);
            this.others = others;
        }

        String nameOf(String propertyPath) {
            return byComponent.getOrDefault(propertyPath, snakeCase(propertyPath));
        }
    }

    private Shape shape(Class<?> type) {
        return shapes.computeIfAbsent(type, Shape::new);
    }

    /** The name a record component is read under: its {@link JsonProperty} value, else its name in snake_case. */
    public static String fieldName(Class<?> record, String component) {
        try {
            return fieldName(record.getDeclaredField(component));
        } catch (NoSuchFieldException e) {
            return snakeCase(component);
        }
    }

    private static String fieldName(java.lang.reflect.Field backing) {
        // jakarta and Jackson annotations do not target record components: they land on the field
        JsonProperty property = backing.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : snakeCase(backing.getName());
    }

    /** {@code timeToCompletionMs} as {@code time_to_completion_ms}. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isList(Class<?> type) {
        return List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type);
    }

    private static Type typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    static String path(String prefix, String name) {
        if (prefix == null || prefix.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? prefix : name.startsWith("[") ? prefix + name : prefix + "." + name;
    }
}
