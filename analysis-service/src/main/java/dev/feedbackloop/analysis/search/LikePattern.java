package dev.feedbackloop.analysis.search;

import java.util.regex.Pattern;

/**
 * A SQL LIKE pattern: {@code %} is any run of characters, {@code _} one character, a backslash makes the next
 * character literal. {@code source} is the pattern as written between the quotes.
 */
public record LikePattern(String source) {

    /** The pattern as a regular expression anchored at both ends, its literal parts quoted. */
    public String toRegex() {
        StringBuilder regex = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                literal.append(source.charAt(++i));
            } else if (c == '%' || c == '_') {
                appendQuoted(regex, literal);
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        appendQuoted(regex, literal);
        return regex.append('$').toString();
    }

    private static void appendQuoted(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
