package dev.feedbackloop.analysis.search;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter into tokens, each with the position it starts at. */
final class FilterLexer {

    private final String source;
    private int at;

    private FilterLexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new FilterLexer(source).tokens();
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (at < source.length() && Character.isWhitespace(source.charAt(at))) {
                at++;
            }
            if (at == source.length()) {
                tokens.add(new Token(Token.Kind.END, "", "", at));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = at;
        char c = source.charAt(at);
        if (isWordStart(c)) {
            while (at < source.length() && isWordPart(source.charAt(at))) {
                at++;
            }
            return new Token(Token.Kind.WORD, source.substring(start, at), source.substring(start, at), start);
        }
        if (Character.isDigit(c) || (c == '-' && at + 1 < source.length() && Character.isDigit(source.charAt(at + 1)))) {
            return number();
        }
        switch (c) {
            case '\'', '"' -> {
                return quoted(Token.Kind.STRING, c, "string");
            }
            case '`' -> {
                Token name = quoted(Token.Kind.QUOTED_NAME, c, "field name");
                if (name.text().isEmpty()) {
                    throw new FilterException("syntax", "empty field name at position " + start, start);
                }
                return name;
            }
            case '(' -> {
                return single(Token.Kind.OPEN);
            }
            case ')' -> {
                return single(Token.Kind.CLOSE);
            }
            case ',' -> {
                return single(Token.Kind.COMMA);
            }
            case '.' -> {
                return single(Token.Kind.DOT);
            }
            case '=' -> {
                return single(Token.Kind.OPERATOR);
            }
            case '<', '>' -> {
                at += at + 1 < source.length() && source.charAt(at + 1) == '=' ? 2 : 1;
                return new Token(Token.Kind.OPERATOR, source.substring(start, at), source.substring(start, at), start);
            }
            case '!' -> {
                if (at + 1 < source.length() && source.charAt(at + 1) == '=') {
                    at += 2;
                    return new Token(Token.Kind.OPERATOR, "!=", "!=", start);
                }
            }
            default -> {
            }
        }
        throw new FilterException("syntax", "unexpected character '" + c + "' at position " + start, start);
    }

    private Token single(Token.Kind kind) {
        String text = String.valueOf(source.charAt(at));
        return new Token(kind, text, text, at++);
    }

    private Token number() {
        int start = at;
        if (source.charAt(at) == '-') {
            at++;
        }
        digits();
        if (at < source.length() && source.charAt(at) == '.') {
            at++;
            if (digits() == 0) {
                throw malformedNumber(start);
            }
        }
        if (at < source.length() && (source.charAt(at) == 'e' || source.charAt(at) == 'E')) {
            at++;
            if (at < source.length() && (source.charAt(at) == '+' || source.charAt(at) == '-')) {
                at++;
            }
            if (digits() == 0) {
                throw malformedNumber(start);
            }
        }
        if (at < source.length() && (isWordPart(source.charAt(at)) || source.charAt(at) == '.')) {
            throw malformedNumber(start);
        }
        String text = source.substring(start, at);
        return new Token(Token.Kind.NUMBER, text, text, start);
    }

    private int digits() {
        int start = at;
        while (at < source.length() && Character.isDigit(source.charAt(at))) {
            at++;
        }
        return at - start;
    }

    private FilterException malformedNumber(int start) {
        int end = at;
        while (end < source.length() && (isWordPart(source.charAt(end)) || source.charAt(end) == '.')) {
            end++;
        }
        return new FilterException("syntax", "malformed number '" + source.substring(start, end) + "' at position "
                + start, start);
    }

    /** A quoted string or name; a backslash makes the next character literal, the closing quote included. */
    private Token quoted(Token.Kind kind, char quote, String what) {
        int start = at++;
        StringBuilder text = new StringBuilder();
        while (at < source.length()) {
            char c = source.charAt(at);
            if (c == quote) {
                at++;
                return new Token(kind, text.toString(), source.substring(start + 1, at - 1), start);
            }
            if (c == '\\' && at + 1 < source.length()) {
                c = source.charAt(++at);
            }
            text.append(c);
            at++;
        }
        throw new FilterException("syntax", "unterminated " + what + " starting at position " + start, start);
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
