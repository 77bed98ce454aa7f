package dev.feedbackloop.launcher;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's own OpenAPI 3.1 description as a test oracle: whether a response (status, media type, body) is one
 * the description declares for its operation. Bodies are checked against the operation's response schema with an
 * independent JSON Schema 2020-12 validator in the OpenAPI 3.1 dialect, with {@code $ref}s into
 * {@code #/components/schemas} resolved as a client generator resolves them.
 */
final class ApiDescription {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    ApiDescription(String document) {
        this.document = JSON.readTree(document);
    }

    JsonNode document() {
        return document;
    }

    /** The operation at {@code method} and the path template as the description spells it, or a missing node. */
    JsonNode operation(String method, String pathTemplate) {
        return document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
    }

    /**
     * Every way the response departs from the description, empty when it conforms: an undeclared operation or status,
     * a media type not declared for that status, a body where none is declared (or none where one is), a body that
     * breaks the declared schema (each broken rule with its JSON location).
     */
    List<String> violations(String method, String pathTemplate, int status, String contentType, String body) {
        String where = method + " " + pathTemplate + " -> " + status + ": ";
        List<String> out = new ArrayList<>();
        JsonNode operation = operation(method, pathTemplate);
        if (operation.isMissingNode()) {
            out.add(where + "no such operation in the description");
            return out;
        }
        JsonNode responses = operation.path("responses");
        String code = String.valueOf(status);
        String key = responses.has(code) ? code
                : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            out.add(where + "status not declared (declared: " + responses.propertyNames() + ")");
            return out;
        }
        JsonNode content = responses.path(key).path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (hasBody) {
                out.add(where + "a body (" + contentType + ") where the description declares none");
            }
            return out;
        }
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType == null || !content.has(mediaType)) {
            out.add(where + "media type " + mediaType + " not declared (declared: " + content.propertyNames() + ")");
            return out;
        }
        if (!hasBody) {
            out.add(where + "no body where the description declares " + mediaType);
            return out;
        }
        JsonNode schema = content.path(mediaType).path("schema");
        if (schema.isMissingNode() || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            return out;
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            out.add(where + "the body is not JSON: " + notJson.getMessage());
            return out;
        }
        String pointer = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + key
                + "/content/" + escape(mediaType) + "/schema";
        for (Error error : schemaAt(pointer, schema).validate(instance)) {
            out.add(where + error.getInstanceLocation() + ": " + error.getMessage());
        }
        return out;
    }

    /** A schema checked against the description's components: {@code #/components/...} resolves in this document. */
    Schema schemaAt(String pointer, JsonNode schema) {
        return schemas.computeIfAbsent(pointer, p -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://spec.openapis.org/oas/3.1/dialect/base");
            root.set("$defs", document.path("components").path("schemas"));
            root.putArray("allOf").add(schema);
            // the components' schemas as the document's own definitions, so their references resolve in it
            return registry.getSchema(JSON.readTree(JSON.writeValueAsString(root)
                    .replace("\"#/components/schemas/", "\"#/$defs/")));
        });
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
