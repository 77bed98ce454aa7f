package dev.feedbackloop.feedback.query;

import dev.feedbackloop.support.readmodel.StoredKeys;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between plain Java values and BSON documents; instants are stored as BSON dates so they sort. */
final class Documents {

    private Documents() {
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Object value) {
        return value instanceof Date d ? d.toInstant() : null;
    }

    /** A JSON-like value (maps, lists, scalars) as BSON; names are stored by {@link StoredKeys}' rule. */
    static Object toBson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((k, v) -> document.put(StoredKeys.encode(String.valueOf(k)), toBson(v)));
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toBson(v)));
            return out;
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof java.math.BigInteger integer) {
            return integer.longValue();
        }
        return value;
    }

    /** BSON back to plain maps and lists. */
    static Object fromBson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(StoredKeys.decode(String.valueOf(k)), fromBson(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(fromBson(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        Object plain = fromBson(value);
        return plain instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
