package dev.feedbackloop.support.readmodel;

import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How read models store what Mongo has no direct form for: instants as dates, read back null-safe, and
 * a scope as a list of {key, value} pairs sorted by key, because its keys are user data and may hold dots or dollar
 * signs.
 */
public final class Docs {

    private Docs() {
    }

    public static List<Document> scope(Map<String, String> scope) {
        List<Document> out = new ArrayList<>();
        new TreeMap<>(scope == null ? Map.<String, String>of() : scope)
                .forEach((k, v) -> out.add(new Document("key", k).append("value", v)));
        return out;
    }

    public static Map<String, String> scope(Document d, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Document> pairs = d.getList(field, Document.class);
        if (pairs != null) {
            pairs.forEach(p -> out.put(p.getString("key"), p.getString("value")));
        }
        return out;
    }

    public static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    public static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    public static Double number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
