package dev.feedbackloop.analysis.query;

import dev.feedbackloop.support.readmodel.StoredKeys;
import org.bson.Document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-like values (maps, lists, scalars) to BSON and back. Keys go through {@link StoredKeys} so a filter can
 * address them; a null inside an object is left out, as every absent value is.
 */
final class BsonValues {

    private BsonValues() {
    }

    static Object toBson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((k, v) -> {
                if (v != null) {
                    document.put(StoredKeys.encode(String.valueOf(k)), toBson(v));
                }
            });
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toBson(v)));
            return out;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof BigInteger integer) {
            return integer.longValue();
        }
        return value;
    }

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
        return value instanceof Map<?, ?> ? (Map<String, Object>) fromBson(value) : Map.of();
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Object value) {
        return value instanceof Date d ? d.toInstant() : null;
    }

    /** Appends the value unless it is null: absent values are absent fields. */
    static Document putPresent(Document document, String key, Object value) {
        if (value != null) {
            document.put(key, value);
        }
        return document;
    }
}
