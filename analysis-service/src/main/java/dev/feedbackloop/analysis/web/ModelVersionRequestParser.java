package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ReleaseModelVersion;
import dev.feedbackloop.support.web.ApiProblem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Turns a release announcement ({@code version}, {@code released_at}, {@code notes}) into a
 * {@link ReleaseModelVersion}, or into a 400 naming every field and the rule it breaks.
 */
final class ModelVersionRequestParser {

    static final Set<String> FIELDS = Set.of("version", "released_at", "notes");
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final JsonValues values = new JsonValues();

    private ModelVersionRequestParser() {
    }

    static ReleaseModelVersion parse(ModelId model, JsonNode root, Instant recordedAt) {
        return new ModelVersionRequestParser().command(model, root, recordedAt);
    }

    private ReleaseModelVersion command(ModelId model, JsonNode root, Instant recordedAt) {
        if (root == null || !root.isObject()) {
            throw ApiProblem.validation("", "type", "a model version must be a JSON object");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                reject(name, "unknown_field", "is not a known field (known: version, released_at, notes)");
            }
        }
        String version = version(root);
        Instant releasedAt = releasedAt(root, recordedAt);
        String notes = notes(root);
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
        return new ReleaseModelVersion(model, version, releasedAt, notes, recordedAt);
    }

    private String version(JsonNode root) {
        String version = values.requiredString(root, "version");
        if (version == null) {
            return null;
        }
        if (version.isBlank()) {
            reject("version", "required", "must not be blank");
        } else if (version.length() > ModelId.MAX_LENGTH) {
            reject("version", "max_length", "must be at most " + ModelId.MAX_LENGTH + " characters");
        } else if (!ModelId.isWellFormed(version)) {
            reject("version", "format", ModelId.RULE);
        } else {
            return version;
        }
        return null;
    }

    private Instant releasedAt(JsonNode root, Instant recordedAt) {
        String text = values.requiredString(root, "released_at");
        if (text == null) {
            return null;
        }
        Instant releasedAt;
        try {
            releasedAt = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            reject("released_at", "format", "must be an ISO-8601 date-time with offset, such as 2026-11-20T10:00:00Z");
            return null;
        }
        if (releasedAt.isAfter(recordedAt.plus(ReleaseModelVersion.MAX_CLOCK_SKEW))) {
            reject("released_at", "not_in_future", "must not be more than "
                    + ReleaseModelVersion.MAX_CLOCK_SKEW.toMinutes() + " minutes after the time it is received");
            return null;
        }
        if (releasedAt.isBefore(EARLIEST)) {
            reject("released_at", "range", "must not be before 2000-01-01");
            return null;
        }
        return releasedAt;
    }

    private String notes(JsonNode root) {
        JsonNode node = root.get("notes");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            reject("notes", "type", "must be a string or null");
            return null;
        }
        if (node.textValue().length() > ReleaseModelVersion.MAX_NOTES_LENGTH) {
            reject("notes", "max_length", "must be at most " + ReleaseModelVersion.MAX_NOTES_LENGTH + " characters");
            return null;
        }
        return node.textValue();
    }

    private void reject(String field, String rule, String message) {
        values.reject(field, rule, message);
    }
}
