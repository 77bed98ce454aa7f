package dev.feedbackloop.analysis.search;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a filter such as {@code rating <= 2 AND metadata.agent_version = '2.3.1' AND assessment.correctness = false}
 * by recursive descent, checking each field exists and each operator and value suits its type:
 * <pre>
 * filter     := comparison ( AND comparison )*            (empty: everything)
 * comparison := field ( ( = | != | &lt; | &lt;= | &gt; | &gt;= ) value | ( LIKE | ILIKE ) string | IN ( value, ... ) )
 * field      := name ( . name )*                          (a name may be `back-quoted`)
 * value      := 'string' | "string" | number | true | false
 * </pre>
 * Keywords are case-insensitive, field names are not. Timestamps are ISO-8601 strings or epoch milliseconds.
 * <p>
 * Limits keep the work of one search bounded, each a {@code 400} naming its rule: a timestamp lies in the years
 * 0000-9999 ({@code range}), a field path has at most {@value #MAX_PATH_DEPTH} names ({@code max_depth}), a pattern
 * at most {@value LikePattern#MAX_LENGTH} characters ({@code max_pattern_length}) and
 * {@value LikePattern#MAX_WILDCARDS} wildcards ({@code max_wildcards}), a filter at most {@value #MAX_PATTERNS}
 * patterns ({@code max_patterns}); NUL and lone surrogates, which no stored text holds, are refused ({@code unicode}).
 */
public final class FilterParser {

    /** The fields of a feedback document a filter may name, in the order the error message lists them. */
    static final Map<String, FieldType> FEEDBACK_FIELDS = feedbackFields();
    static final Map<String, FieldType> NAMED_METADATA = Map.of("agent_id", FieldType.STRING,
            "agent_version", FieldType.STRING, "intent_category", FieldType.STRING, "tools_used", FieldType.STRING);
    static final Map<String, Set<String>> ALLOWED_VALUES = Map.of("thumbs", Set.of("up", "down"));
    static final String METADATA = "metadata";
    static final String ASSESSMENT = "assessment";
    /** Stored metadata nests at most 32 levels deep, so a longer path can match nothing. */
    public static final int MAX_PATH_DEPTH = 32;
    public static final int MAX_PATTERNS = 8;
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final List<Token> tokens;
    private final String source;
    private int next;
    private int patterns;

    private FilterParser(String source) {
        this.source = source;
        this.tokens = FilterLexer.tokenize(source);
    }

    public static SearchFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return SearchFilter.EVERYTHING;
        }
        requireStorable(filter);
        return new FilterParser(filter).filter();
    }

    /** A NUL cannot be sent in a pattern or a name, and neither it nor a lone surrogate is in any stored text. */
    private static void requireStorable(String filter) {
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < filter.length()
                    && Character.isLowSurrogate(filter.charAt(i + 1));
            if (pair) {
                i++;
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                throw new FilterException("unicode", (c == '\u0000' ? "the NUL character" : "a lone surrogate")
                        + " at position " + i + " cannot occur in stored text", i);
            }
        }
    }

    public static String knownFields() {
        return String.join(", ", FEEDBACK_FIELDS.keySet()) + ", " + METADATA + ".<key>, " + ASSESSMENT + ".<name>";
    }

    private static Map<String, FieldType> feedbackFields() {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        fields.put("timestamp", FieldType.TIMESTAMP);
        fields.put("received_at", FieldType.TIMESTAMP);
        for (String id : List.of("feedback_id", "trace_id", "session_id", "user_id", "agent_id", "agent_version",
                "intent_category")) {
            fields.put(id, FieldType.STRING);
        }
        fields.put("rating", FieldType.NUMBER);
        fields.put("thumbs", FieldType.STRING);
        fields.put("comment", FieldType.STRING);
        fields.put("correction", FieldType.STRING);
        fields.put("task_completed", FieldType.BOOLEAN);
        fields.put("follow_up_required", FieldType.BOOLEAN);
        fields.put("time_to_completion_ms", FieldType.NUMBER);
        fields.put("retry_count", FieldType.NUMBER);
        fields.put("escalated_to_human", FieldType.BOOLEAN);
        fields.put("negative", FieldType.BOOLEAN);
        return Collections.unmodifiableMap(fields);
    }

    private SearchFilter filter() {
        List<Comparison> comparisons = new ArrayList<>();
        comparisons.add(comparison());
        while (peek().isWord("AND")) {
            next++;
            comparisons.add(comparison());
        }
        if (peek().kind() != Token.Kind.END) {
            throw expected("AND or the end of the filter", peek());
        }
        return new SearchFilter(comparisons);
    }

    private Comparison comparison() {
        FieldRef field = field();
        Token op = take();
        if (op.kind() == Token.Kind.OPERATOR) {
            Operator operator = Operator.ofSymbol(op.text());
            checkOperator(field, operator, op);
            return new Comparison(field, operator, List.of(value(field, operator)), op.position());
        }
        if (op.isWord("LIKE") || op.isWord("ILIKE")) {
            Operator operator = op.isWord("LIKE") ? Operator.LIKE : Operator.ILIKE;
            checkOperator(field, operator, op);
            Token pattern = take();
            if (pattern.kind() != Token.Kind.STRING) {
                throw expected("a quoted pattern after " + operator.symbol(), pattern);
            }
            return new Comparison(field, operator, List.of(pattern(pattern)), op.position());
        }
        if (op.isWord("IN")) {
            Token open = take();
            if (open.kind() != Token.Kind.OPEN) {
                throw expected("'(' after IN", open);
            }
            List<Object> values = new ArrayList<>();
            values.add(value(field, Operator.IN));
            while (peek().kind() == Token.Kind.COMMA) {
                next++;
                values.add(value(field, Operator.IN));
            }
            Token close = take();
            if (close.kind() != Token.Kind.CLOSE) {
                throw expected("',' or ')' in the IN list", close);
            }
            return new Comparison(field, Operator.IN, values, op.position());
        }
        throw expected("a comparison operator", op);
    }

    private LikePattern pattern(Token token) {
        if (++patterns > MAX_PATTERNS) {
            throw new FilterException("max_patterns", "a filter holds at most " + MAX_PATTERNS
                    + " LIKE or ILIKE patterns; the pattern at position " + token.position() + " is one more", token.position());
        }
        if (token.raw().length() > LikePattern.MAX_LENGTH) {
            throw new FilterException("max_pattern_length", "the pattern at position " + token.position() + " is "
                    + token.raw().length() + " characters long; at most " + LikePattern.MAX_LENGTH + " are allowed",
                    token.position());
        }
        LikePattern pattern = new LikePattern(token.raw());
        if (pattern.wildcards() > LikePattern.MAX_WILDCARDS) {
            throw new FilterException("max_wildcards", "the pattern at position " + token.position() + " has "
                    + pattern.wildcards() + " wildcards (% and _); at most " + LikePattern.MAX_WILDCARDS
                    + " are allowed (escape a literal one as \\% or \\_)", token.position());
        }
        return pattern;
    }

    private FieldRef field() {
        Token first = take();
        if (first.kind() != Token.Kind.WORD && first.kind() != Token.Kind.QUOTED_NAME) {
            throw expected("a field name", first);
        }
        List<String> path = new ArrayList<>(List.of(first.text()));
        Token last = first;
        while (peek().kind() == Token.Kind.DOT) {
            next++;
            last = take();
            if (last.kind() != Token.Kind.WORD && last.kind() != Token.Kind.QUOTED_NAME) {
                throw expected("a field name after '.' (quote names with other characters in backticks)", last);
            }
            path.add(last.text());
            if (path.size() > MAX_PATH_DEPTH) {
                throw new FilterException("max_depth", "the field at position " + first.position() + " names more than "
                        + MAX_PATH_DEPTH + " levels", first.position());
            }
        }
        return resolve(path, source.substring(first.position(), last.end()), first.position());
    }

    private static FieldRef resolve(List<String> path, String text, int position) {
        String head = path.get(0);
        if (path.size() == 1 && FEEDBACK_FIELDS.containsKey(head)) {
            return new FieldRef(FieldRef.Source.FEEDBACK, path, FEEDBACK_FIELDS.get(head), text, position);
        }
        if (head.equals(METADATA) || head.equals(ASSESSMENT)) {
            if (path.size() == 1) {
                throw new FilterException("unknown_field", "field '" + head + "' at position " + position
                        + " needs a " + (head.equals(METADATA) ? "key, as in metadata.agent_version"
                        : "name, as in assessment.correctness"), position);
            }
            if (head.equals(ASSESSMENT)) {
                return new FieldRef(FieldRef.Source.ASSESSMENT, path.subList(1, path.size()), FieldType.ANY, text,
                        position);
            }
            FieldType type = path.size() == 2 ? NAMED_METADATA.getOrDefault(path.get(1), FieldType.ANY) : FieldType.ANY;
            return new FieldRef(FieldRef.Source.FEEDBACK, path, type, text, position);
        }
        throw new FilterException("unknown_field", "unknown field '" + text + "' at position " + position
                + "; known fields: " + knownFields(), position);
    }

    private static void checkOperator(FieldRef field, Operator operator, Token at) {
        FieldType type = field.type();
        if (operator.matchesPattern() && type != FieldType.STRING && type != FieldType.ANY) {
            throw new FilterException("type", operator.symbol() + " at position " + at.position()
                    + " applies to text, but '" + field.text() + "' holds " + type.holds(), at.position());
        }
        if (operator.orders() && type == FieldType.BOOLEAN) {
            throw new FilterException("type", "'" + operator.symbol() + "' at position " + at.position()
                    + " does not apply to '" + field.text() + "', which holds booleans; use = or !=", at.position());
        }
    }

    private Object value(FieldRef field, Operator operator) {
        Token token = take();
        Object literal = switch (token.kind()) {
            case STRING -> token.text();
            case NUMBER -> number(token);
            case WORD -> token.isWord("true") ? Boolean.TRUE : token.isWord("false") ? Boolean.FALSE : null;
            default -> null;
        };
        if (literal == null) {
            throw expected("a value (a quoted string, a number, true or false)", token);
        }
        return switch (field.type()) {
            case TIMESTAMP -> timestamp(field, token, literal);
            case NUMBER -> require(literal instanceof Number, field, token, literal);
            case BOOLEAN -> require(literal instanceof Boolean, field, token, literal);
            case STRING -> allowed(field, operator, token, require(literal instanceof String, field, token, literal));
            case ANY -> {
                if (literal instanceof Boolean && operator.orders()) {
                    throw new FilterException("type", "'" + operator.symbol() + "' does not order booleans, found "
                            + token.describe() + " at position " + token.position(), token.position());
                }
                yield literal;
            }
        };
    }

    private static Object number(Token token) {
        BigDecimal number;
        try {
            number = new BigDecimal(token.text());
        } catch (NumberFormatException e) {
            // an exponent beyond what a BigDecimal holds
            throw new FilterException("syntax", "number " + token.text() + " at position " + token.position()
                    + " is out of range", token.position());
        }
        try {
            if (number.scale() <= 0 && !token.text().contains("e") && !token.text().contains("E")) {
                return number.longValueExact();
            }
        } catch (ArithmeticException e) {
            throw new FilterException("syntax", "number " + token.text() + " at position " + token.position()
                    + " is out of range", token.position());
        }
        double value = number.doubleValue();
        if (Double.isInfinite(value)) {
            throw new FilterException("syntax", "number " + token.text() + " at position " + token.position()
                    + " is out of range", token.position());
        }
        return value;
    }

    private static Object require(boolean suits, FieldRef field, Token token, Object literal) {
        if (!suits) {
            String wanted = switch (field.type()) {
                case NUMBER -> "a number";
                case BOOLEAN -> "true or false";
                default -> "a quoted string";
            };
            throw new FilterException("type", "expected " + wanted + " for '" + field.text() + "' at position "
                    + token.position() + ", found " + token.describe(), token.position());
        }
        return literal;
    }

    private static Object allowed(FieldRef field, Operator operator, Token token, Object literal) {
        Set<String> allowed = field.path().size() == 1 ? ALLOWED_VALUES.get(field.path().get(0)) : null;
        if (allowed != null && !operator.orders() && !allowed.contains(literal)) {
            throw new FilterException("type", "'" + field.text() + "' is one of " + String.join(", ",
                    allowed.stream().sorted().toList()) + "; found " + token.describe() + " at position "
                    + token.position(), token.position());
        }
        return literal;
    }

    private static Instant timestamp(FieldRef field, Token token, Object literal) {
        Instant instant = parseTimestamp(field, token, literal);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new FilterException("range", "the timestamp for '" + field.text() + "' at position " + token.position()
                    + " must lie in the years 0000 to 9999, found " + token.describe(), token.position());
        }
        return instant;
    }

    private static Instant parseTimestamp(FieldRef field, Token token, Object literal) {
        if (literal instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        if (literal instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notDateTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeException notDate) {
                    throw new FilterException("format", "expected an ISO-8601 timestamp with offset (such as "
                            + "2026-11-28T09:15:00Z), a date or epoch milliseconds for '" + field.text()
                            + "' at position " + token.position() + ", found " + token.describe(), token.position());
                }
            }
        }
        throw new FilterException("type", "expected an ISO-8601 timestamp or epoch milliseconds for '" + field.text()
                + "' at position " + token.position() + ", found " + token.describe(), token.position());
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private static FilterException expected(String what, Token found) {
        return new FilterException("syntax", "expected " + what + " at position " + found.position() + ", found "
                + found.describe(), found.position());
    }
}
