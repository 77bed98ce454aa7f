package dev.feedbackloop.analysis.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL LIKE pattern: {@code %} is any run of characters, {@code _} one character, a backslash makes the next
 * character literal. {@code source} is the pattern as written between the quotes.
 * <p>
 * The store matches it as a regular expression, and the naive one ({@code ^.*a.*a.*b$} for {@code %a%a%b}) backtracks
 * through every way of placing the wildcards: cubic in the text for that pattern, hours on one 10,000-character
 * comment. {@link #toRegex()} cannot backtrack across wildcards, on java.util.regex (the embedded store) and on
 * PCRE (MongoDB) alike.
 */
public record LikePattern(String source) {

    /** The longest pattern a filter may hold, in characters as written. */
    public static final int MAX_LENGTH = 256;
    /** The most wildcards ({@code %} and {@code _} together) one pattern may hold. */
    public static final int MAX_WILDCARDS = 16;

    private static final int ANY_ONE = -1;

    /** How many unescaped {@code %} and {@code _} the pattern holds. */
    public int wildcards() {
        List<List<Integer>> segments = segments();
        int count = segments.size() - 1;
        for (List<Integer> segment : segments) {
            count += (int) segment.stream().filter(c -> c == ANY_ONE).count();
        }
        return count;
    }

    /**
     * The pattern as a regular expression anchored at both ends. Between two {@code %} lies a segment of fixed
     * length (literals and {@code _}), and placing each segment at its earliest occurrence after the previous one
     * matches whenever any placement does: so each middle segment is searched once, lazily, inside an atomic group
     * that is never re-entered, and the last one must end the text. The work is at most the text's length times the
     * pattern's.
     */
    public String toRegex() {
        List<List<Integer>> segments = segments();
        StringBuilder regex = new StringBuilder("^");
        append(regex, segments.get(0));
        if (segments.size() == 1) {
            return regex.append("\\z").toString();
        }
        for (List<Integer> middle : segments.subList(1, segments.size() - 1)) {
            if (!middle.isEmpty()) {
                regex.append("(?>.*?");
                append(regex, middle);
                regex.append(')');
            }
        }
        // a trailing % keeps its .* so that matching the whole text (not only finding a match) agrees
        regex.append(".*");
        List<Integer> last = segments.get(segments.size() - 1);
        if (!last.isEmpty()) {
            append(regex, last);
            regex.append("\\z");
        }
        return regex.toString();
    }

    /** The parts between the unescaped {@code %}: code points, {@link #ANY_ONE} for {@code _}. */
    private List<List<Integer>> segments() {
        List<List<Integer>> segments = new ArrayList<>();
        List<Integer> segment = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int c = source.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < source.length()) {
                int escaped = source.codePointAt(i);
                i += Character.charCount(escaped);
                segment.add(escaped);
            } else if (c == '%') {
                segments.add(segment);
                segment = new ArrayList<>();
            } else {
                segment.add(c == '_' ? ANY_ONE : c);
            }
        }
        segments.add(segment);
        return segments;
    }

    /**
     * Literals escaped the same way for both engines: ASCII punctuation with a backslash, control characters as
     * {@code \xhh}; letters, digits and non-ASCII characters need none.
     */
    private static void append(StringBuilder regex, List<Integer> segment) {
        for (int c : segment) {
            if (c == ANY_ONE) {
                regex.append('.');
            } else if (c < 0x20 || c == 0x7f) {
                regex.append(String.format("\\x%02x", c));
            } else if (c < 0x80 && !Character.isLetterOrDigit(c) && c != ' ') {
                regex.append('\\').append((char) c);
            } else {
                regex.appendCodePoint(c);
            }
        }
    }
}
