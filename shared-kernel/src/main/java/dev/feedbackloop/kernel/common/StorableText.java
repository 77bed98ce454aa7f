package dev.feedbackloop.kernel.common;

/**
 * The rule for text the platform stores: well-formed Unicode without NUL. A lone surrogate has no UTF-8 form (two
 * different ones encode alike and collide as keys), and NUL ends a BSON name; both are refused at the door and
 * checked again before a read model stores an event.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why the text cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (at index " + i + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode: lone surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode: lone surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + i;
            }
        }
        return null;
    }

    /** The text with NUL and lone surrogates written as {@code \\uXXXX}, for naming it in an error. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c) || Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
