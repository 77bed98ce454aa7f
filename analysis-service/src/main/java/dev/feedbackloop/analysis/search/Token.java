package dev.feedbackloop.analysis.search;

/**
 * One token of a filter. {@code text} is the value (a string without its quotes and escapes); {@code raw} is the
 * source between the quotes, escapes kept, which LIKE needs to tell {@code \%} from {@code %}.
 */
record Token(Kind kind, String text, String raw, int position) {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, DOT, END }

    /** Where the token ends in the source, its quotes included. */
    int end() {
        return position + raw.length() + (kind == Kind.STRING || kind == Kind.QUOTED_NAME ? 2 : 0);
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** How an error message shows this token. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the filter";
            case STRING -> "the string '" + text + "'";
            case QUOTED_NAME -> "`" + text + "`";
            default -> "'" + text + "'";
        };
    }
}
