package dev.feedbackloop.support.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedbackloop.support.secrets.SecretBox;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Crypto-shredding at the event store's door. Serializing an event that {@link PersonalFields} names, it moves the
 * personal fields into one AES-GCM sealed blob under the data subject's key and stores
 * <pre>{"...": ..., "user_id": null, "personal_data": {"subject": "...", "fields": ["user_id", ...], "sealed": "v1:..."}}</pre>
 * Deserializing, it opens the blob and puts the fields back; when the key is gone (the user's data was erased) the
 * fields read as {@link PersonalFields.Field#erased()}. Every consumer (projections, sagas, replays, dead letters)
 * sees ordinary events. Events without a user, and every other type, pass through unchanged, as do events stored
 * before this existed.
 */
public final class PersonalDataSerializer implements Serializer {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataSerializer.class);
    public static final String FIELD = "personal_data";

    /** The most stored types whose class is remembered: far more than the platform's event and saga types. */
    private static final int KNOWN_CLASSES = 4_096;

    private final Serializer delegate;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final Map<String, PersonalFields> rules;
    private final Supplier<DataSubjects> subjects;
    private final Supplier<PersonalDataKeys> keys;

    /**
     * @param mapper the mapper {@code delegate} serializes with, so the stored JSON is what it would have written
     * @param subjects and {@code keys} are looked up on first use (they need the database and the secrets key)
     */
    public PersonalDataSerializer(Serializer delegate, ObjectMapper mapper, List<PersonalFields> rules,
                                  Supplier<DataSubjects> subjects, Supplier<PersonalDataKeys> keys) {
        this.delegate = delegate;
        this.mapper = mapper;
        this.rules = PersonalFields.byTypeName(rules);
        this.subjects = subjects;
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        PersonalFields rule = object == null ? null : rules.get(object.getClass().getName());
        if (rule == null) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = mapper.valueToTree(object);
        String userId = firstText(tree, rule.subjectPath());
        if (userId == null) {
            return delegate.serialize(object, expectedRepresentation);
        }
        String subject = subjects.get().of(userId);
        ObjectNode sealed = mapper.createObjectNode();
        ArrayNode names = mapper.createArrayNode();
        for (PersonalFields.Field field : rule.fields()) {
            for (String path : concretePaths(tree, field.path())) {
                JsonNode value = at(tree, path);
                if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
                    sealed.set(path, value);
                    names.add(path);
                    set(tree, path, com.fasterxml.jackson.databind.node.NullNode.getInstance());
                }
            }
        }
        SecretBox key = keys.get().obtain(subject);
        ObjectNode personal = tree.putObject(FIELD);
        personal.put("subject", subject);
        personal.set("fields", names);
        personal.put("sealed", key.seal(write(sealed), subject));
        byte[] bytes = writeBytes(tree);
        T data = getConverter().convert(bytes, byte[].class, expectedRepresentation);
        return new SimpleSerializedObject<>(data, expectedRepresentation, typeForClass(object.getClass()));
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        PersonalFields rule = rules.get(serializedObject.getType().getName());
        if (rule == null) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode stored = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                JsonNode.class);
        if (!(stored instanceof ObjectNode object) || !object.has(FIELD)) {
            return delegate.deserialize(serializedObject);
        }
        // a tree read from stored bytes is ours to change; one handed in as a tree is copied first
        ObjectNode tree = serializedObject.getData() instanceof JsonNode ? object.deepCopy() : object;
        JsonNode personal = tree.remove(FIELD);
        String subject = personal.path("subject").asText();
        Optional<ObjectNode> fields = open(subject, personal.path("sealed").asText());
        for (JsonNode name : personal.path("fields")) {
            String path = name.asText();
            JsonNode value = fields.map(f -> f.get(path)).orElseGet(() -> erasedValue(rule, path));
            set(tree, path, value == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : value);
        }
        return delegate.deserialize(new SimpleSerializedObject<>(tree, JsonNode.class, serializedObject.getType()));
    }

    private Optional<ObjectNode> open(String subject, String sealed) {
        Optional<SecretBox> key = keys.get().find(subject);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) mapper.readTree(key.get().open(sealed, subject)));
        } catch (SecretBox.UnreadableSecretException | JsonProcessingException e) {
            log.warn("Personal data of an event cannot be opened ({}); it reads as erased", e.getMessage());
            return Optional.empty();
        }
    }

    private static JsonNode erasedValue(PersonalFields rule, String concretePath) {
        String pattern = concretePath.replaceAll("/\\d+/", "/*/");
        return rule.fields().stream().filter(f -> f.path().equals(pattern) || f.path().equals(concretePath))
                .map(PersonalFields.Field::erased).findFirst()
                .orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance());
    }

    static String firstText(JsonNode tree, String pattern) {
        for (String path : concretePaths(tree, pattern)) {
            JsonNode value = at(tree, path);
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    /** The paths {@code pattern} names in {@code tree}, with {@code *} expanded to each list index. */
    static List<String> concretePaths(JsonNode tree, String pattern) {
        List<String> out = new ArrayList<>();
        expand(tree, pattern.split("/"), 0, "", out);
        return out;
    }

    private static void expand(JsonNode node, String[] parts, int i, String prefix, List<String> out) {
        if (i == parts.length) {
            out.add(prefix);
            return;
        }
        if (node == null || node.isNull()) {
            return;
        }
        String sep = prefix.isEmpty() ? "" : prefix + "/";
        if (parts[i].equals("*")) {
            if (node.isArray()) {
                for (int k = 0; k < node.size(); k++) {
                    expand(node.get(k), parts, i + 1, sep + k, out);
                }
            }
        } else if (node.isObject() && node.has(parts[i])) {
            expand(node.get(parts[i]), parts, i + 1, sep + parts[i], out);
        }
    }

    static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("/")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node;
    }

    private static void set(JsonNode tree, String path, JsonNode value) {
        int cut = path.lastIndexOf('/');
        JsonNode parent = cut < 0 ? tree : at(tree, path.substring(0, cut));
        String last = path.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write personal fields", e);
        }
    }

    private byte[] writeBytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an event", e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    /**
     * The class of a stored type, looked up once: Jackson's lookup goes through {@code Class.forName} each time, and a
     * processor asks for every event it reads (7 % of the CPU of a full rebuild).
     */
    @Override
    public Class classForType(SerializedType type) {
        String key = type.getName() + '\u0000' + type.getRevision();
        Class<?> known = classes.get(key);
        if (known != null) {
            return known;
        }
        Class<?> found = delegate.classForType(type);
        if (found != UnknownSerializedType.class && classes.size() < KNOWN_CLASSES) {
            classes.putIfAbsent(key, found);
        }
        return found;
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
