package dev.feedbackloop.support.readmodel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Free-form keys (metadata attributes, assessment names, feature names and values) as stored field names. A dot
 * would read as a path, a leading dollar as an operator and NUL ends a name, so {@code %}, {@code .}, {@code $} and
 * NUL are percent-encoded; every other key is stored as it is, and a filter's path is encoded the same way.
 */
public final class StoredKeys {

    private StoredKeys() {
    }

    public static String encode(String key) {
        if (key.indexOf('%') < 0 && key.indexOf('.') < 0 && key.indexOf('$') < 0 && key.indexOf('\u0000') < 0) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '.' -> out.append("%2E");
                case '$' -> out.append("%24");
                case '\u0000' -> out.append("%00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String decode(String stored) {
        if (stored.indexOf('%') < 0) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            String escape = i + 3 <= stored.length() ? stored.substring(i, i + 3) : "";
            switch (escape) {
                case "%25" -> out.append('%');
                case "%2E" -> out.append('.');
                case "%24" -> out.append('$');
                case "%00" -> out.append('\u0000');
                default -> {
                    out.append(stored.charAt(i));
                    continue;
                }
            }
            i += 2;
        }
        return out.toString();
    }

    /** A dotted path of stored names. */
    public static String path(List<String> keys) {
        return keys.stream().map(StoredKeys::encode).collect(Collectors.joining("."));
    }
}
