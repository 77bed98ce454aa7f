package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.web.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.trigger.command.SubscribeWebhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a subscription ({@code url}, {@code event_types}, {@code secret}, {@code description}) into a
 * {@link SubscribeWebhook}, or into a 400 naming every field and the rule it breaks. Loopback and private
 * addresses written into the URL are refused unless the operator allowed them; host names are not resolved here.
 */
final class WebhookRequestParser {

    static final Set<String> FIELDS = Set.of("url", "event_types", "secret", "description");

    private final boolean allowLoopback;
    private final JsonValues values = new JsonValues();

    private WebhookRequestParser(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    static SubscribeWebhook parse(String webhookId, JsonNode root, Instant subscribedAt, boolean allowLoopback) {
        return new WebhookRequestParser(allowLoopback).command(webhookId, root, subscribedAt);
    }

    private SubscribeWebhook command(String webhookId, JsonNode root, Instant subscribedAt) {
        if (root == null || !root.isObject()) {
            throw ApiProblem.validation("", "type", "a webhook subscription must be a JSON object");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                reject(name, "unknown_field", "is not a known field (known: url, event_types, secret, description)");
            }
        }
        String url = url(root);
        List<String> eventTypes = eventTypes(root);
        String secret = secret(root);
        String description = description(root);
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
        return new SubscribeWebhook(webhookId, url, eventTypes, secret, description, subscribedAt);
    }

    private String url(JsonNode root) {
        String text = values.requiredString(root, "url");
        if (text == null) {
            return null;
        }
        if (text.length() > SubscribeWebhook.MAX_URL_LENGTH) {
            reject("url", "max_length", "must be at most " + SubscribeWebhook.MAX_URL_LENGTH + " characters");
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            reject("url", "format", "must be an absolute http or https URL");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            reject("url", "format", "must be an absolute http or https URL");
            return null;
        }
        if (uri.getUserInfo() != null) {
            reject("url", "no_credentials", "must not carry a user name or password; deliveries are signed instead");
            return null;
        }
        if (!allowLoopback && isLocal(uri.getHost())) {
            reject("url", "public_host", "must not point at a loopback, private or link-local address");
            return null;
        }
        return text;
    }

    private static boolean isLocal(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase().endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(h);
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private List<String> eventTypes(JsonNode root) {
        JsonNode node = root.get("event_types");
        if (node == null || node.isNull()) {
            reject("event_types", "required", "is required");
            return null;
        }
        if (!node.isArray()) {
            reject("event_types", "type", "must be an array of event type names");
            return null;
        }
        if (node.isEmpty()) {
            reject("event_types", "not_empty", "must name at least one event type (known: "
                    + String.join(", ", WebhookEventTypes.KNOWN) + ")");
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                reject("event_types[" + i + "]", "type", "must be a string");
            } else if (!WebhookEventTypes.isKnown(item.textValue())) {
                reject("event_types[" + i + "]", "known_event_type", "'" + item.textValue()
                        + "' is not a known event type (known: " + String.join(", ", WebhookEventTypes.KNOWN) + ")");
            } else {
                types.add(item.textValue());
            }
        }
        return List.copyOf(types);
    }

    private String secret(JsonNode root) {
        String secret = values.requiredString(root, "secret");
        if (secret == null) {
            return null;
        }
        if (secret.length() < SubscribeWebhook.MIN_SECRET_LENGTH || secret.length() > SubscribeWebhook.MAX_SECRET_LENGTH) {
            reject("secret", "length", "must be " + SubscribeWebhook.MIN_SECRET_LENGTH + " to "
                    + SubscribeWebhook.MAX_SECRET_LENGTH + " characters");
            return null;
        }
        return secret;
    }

    private String description(JsonNode root) {
        JsonNode node = root.get("description");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            reject("description", "type", "must be a string or null");
            return null;
        }
        if (node.textValue().length() > SubscribeWebhook.MAX_DESCRIPTION_LENGTH) {
            reject("description", "max_length", "must be at most " + SubscribeWebhook.MAX_DESCRIPTION_LENGTH
                    + " characters");
            return null;
        }
        return node.textValue();
    }

    private void reject(String field, String rule, String message) {
        values.reject(field, rule, message);
    }
}
