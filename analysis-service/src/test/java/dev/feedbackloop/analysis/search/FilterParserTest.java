package dev.feedbackloop.analysis.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter language on its own: what each filter means, and where and why a bad one is refused. */
class FilterParserTest {

    static Comparison only(String filter) {
        List<Comparison> comparisons = FilterParser.parse(filter).comparisons();
        assertThat(comparisons).hasSize(1);
        return comparisons.get(0);
    }

    static FilterException refusal(String filter) {
        try {
            FilterParser.parse(filter);
        } catch (FilterException e) {
            return e;
        }
        throw new AssertionError("'" + filter + "' was accepted");
    }

    @Test
    void noFilterOrABlankOneMatchesEverything() {
        assertThat(FilterParser.parse(null)).isEqualTo(SearchFilter.EVERYTHING);
        assertThat(FilterParser.parse("  \t")).isEqualTo(SearchFilter.EVERYTHING);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rating = 4     | EQ", "rating != 4 | NE", "rating < 4  | LT",
            "rating <= 4    | LE", "rating > 4  | GT", "rating >= 4 | GE",
            "rating=4       | EQ", "rating>=4   | GE"})
    void eachComparisonOperatorIsRecognisedWithOrWithoutSpaces(String filter, Operator expected) {
        Comparison c = only(filter);
        assertThat(c.operator()).isEqualTo(expected);
        assertThat(c.field().path()).containsExactly("rating");
        assertThat(c.value()).isEqualTo(4L);
    }

    @Test
    void likeIlikeAndInAreKeywordsInAnyCase() {
        assertThat(only("comment LIKE '%refund%'").operator()).isEqualTo(Operator.LIKE);
        assertThat(only("comment like '%refund%'").value()).isEqualTo(new LikePattern("%refund%"));
        assertThat(only("comment ILike '%Refund%'").operator()).isEqualTo(Operator.ILIKE);
        Comparison in = only("agent_id in ('a', \"b\",'c')");
        assertThat(in.operator()).isEqualTo(Operator.IN);
        assertThat(in.values()).containsExactly("a", "b", "c");
    }

    @Test
    void comparisonsAreJoinedByAndInAnyCase() {
        List<Comparison> comparisons = FilterParser.parse(
                "rating <= 2 AND thumbs = 'down' and negative = true AnD retry_count IN (1, 2)").comparisons();
        assertThat(comparisons).extracting(c -> c.field().text())
                .containsExactly("rating", "thumbs", "negative", "retry_count");
        assertThat(comparisons).extracting(Comparison::position).containsExactly(7, 23, 45, 68);
    }

    @Test
    void stringsTakeEitherQuoteAndBackslashMakesTheNextCharacterLiteral() {
        assertThat(only("comment = 'it''s'".replace("''", "\\'")).value()).isEqualTo("it's");
        assertThat(only("comment = \"say \\\"hi\\\"\"").value()).isEqualTo("say \"hi\"");
        assertThat(only("comment = 'back\\\\slash'").value()).isEqualTo("back\\slash");
        assertThat(only("comment = \"it's\"").value()).isEqualTo("it's");
        assertThat(only("comment = ''").value()).isEqualTo("");
    }

    @Test
    void integersAreLongsAndOtherNumbersDoubles() {
        assertThat(only("time_to_completion_ms > 5000").value()).isEqualTo(5000L);
        assertThat(only("rating > 3.5").value()).isEqualTo(3.5);
        assertThat(only("metadata.input_features.temperature < -0.25").value()).isEqualTo(-0.25);
        assertThat(only("metadata.input_features.tokens >= 1e3").value()).isEqualTo(1000.0);
    }

    @Test
    void trueAndFalseAreBooleansInAnyCase() {
        assertThat(only("task_completed = TRUE").value()).isEqualTo(true);
        assertThat(only("escalated_to_human != false").value()).isEqualTo(false);
        assertThat(only("metadata.beta = true").value()).isEqualTo(true);
    }

    @Test
    void timestampsAreIsoStringsWithOffsetDatesOrEpochMilliseconds() {
        assertThat(only("timestamp >= '2026-11-28T09:15:00Z'").value()).isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
        assertThat(only("timestamp < '2026-11-28T10:15:00+01:00'").value()).isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
        assertThat(only("timestamp > '2026-11-28'").value()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(only("timestamp <= 1795856100000").value()).isEqualTo(Instant.ofEpochMilli(1795856100000L));
        assertThat(only("received_at IN (0, '1970-01-01T00:00:01Z')").values())
                .containsExactly(Instant.EPOCH, Instant.ofEpochSecond(1));
    }

    @Test
    void metadataAndAssessmentFieldsNameAPathOfKeys() {
        FieldRef version = only("metadata.agent_version = '2.3.1'").field();
        assertThat(version.source()).isEqualTo(FieldRef.Source.FEEDBACK);
        assertThat(version.path()).containsExactly("metadata", "agent_version");
        assertThat(version.type()).isEqualTo(FieldType.STRING);
        FieldRef feature = only("metadata.input_features.prompt_length > 400").field();
        assertThat(feature.path()).containsExactly("metadata", "input_features", "prompt_length");
        assertThat(feature.type()).isEqualTo(FieldType.ANY);
        FieldRef assessment = only("assessment.correctness = false").field();
        assertThat(assessment.source()).isEqualTo(FieldRef.Source.ASSESSMENT);
        assertThat(assessment.path()).containsExactly("correctness");
        assertThat(only("assessment.relevance.score >= 0.5").field().path()).containsExactly("relevance", "score");
    }

    @Test
    void backticksQuoteFieldNamesWithAnyCharacter() {
        FieldRef spaced = only("metadata.`my key` = 'v'").field();
        assertThat(spaced.path()).containsExactly("metadata", "my key");
        assertThat(spaced.text()).isEqualTo("metadata.`my key`");
        assertThat(only("assessment.`judge.v2` = 'pass'").field().path()).containsExactly("judge.v2");
        assertThat(only("`rating` = 5").field().type()).isEqualTo(FieldType.NUMBER);
        assertThat(only("metadata.`tick\\`s` = 1").field().path()).containsExactly("metadata", "tick`s");
    }

    @Test
    void likeTurnsPercentAndUnderscoreIntoWildcardsAndQuotesEverythingElse() {
        Pattern refund = Pattern.compile(new LikePattern("%refund_%").toRegex());
        assertThat(refund.matcher("asked for a refund!").matches()).isTrue();
        assertThat(refund.matcher("asked for a refund").matches()).isFalse();
        Pattern dots = Pattern.compile(new LikePattern("v1.2 (beta)*").toRegex());
        assertThat(dots.matcher("v1.2 (beta)*").matches()).isTrue();
        assertThat(dots.matcher("v1x2 (beta)*").matches()).isFalse();
        Pattern percent = Pattern.compile(new LikePattern("50\\%").toRegex());
        assertThat(percent.matcher("50%").matches()).isTrue();
        assertThat(percent.matcher("500").matches()).isFalse();
        // a backslash-E in the text must not end the quoting
        assertThat(Pattern.compile(new LikePattern("a\\\\Eb%").toRegex()).matcher("a\\Ebc").matches()).isTrue();
    }

    @Test
    void aWordWhereTheOperatorBelongsIsRefusedAtItsPosition() {
        FilterException e = refusal("metadata.channel rating = 4");
        assertThat(e.getMessage()).isEqualTo("expected a comparison operator at position 17, found 'rating'");
        assertThat(e.position()).isEqualTo(17);
        assertThat(e.rule()).isEqualTo("syntax");
    }

    @Test
    void anUnknownFieldIsRefusedWithTheListOfKnownOnes() {
        FilterException e = refusal("ratingg = 4");
        assertThat(e.getMessage()).startsWith("unknown field 'ratingg' at position 0; known fields: timestamp, ")
                .contains("rating, thumbs").endsWith("metadata.<key>, assessment.<name>");
        assertThat(e.rule()).isEqualTo("unknown_field");
        assertThat(e.position()).isZero();
        assertThat(refusal("rating > 1 AND rating.value = 2").position()).isEqualTo(15);
        assertThat(refusal("metadata = 'x'").getMessage())
                .isEqualTo("field 'metadata' at position 0 needs a key, as in metadata.agent_version");
        assertThat(refusal("negative = true AND assessment > 1").position()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "rating = 4 AND                | 14 | expected a field name at position 14, found the end of the filter",
            "rating = 4 OR rating = 5      | 11 | expected AND or the end of the filter at position 11, found 'OR'",
            "= 4                           | 0  | expected a field name at position 0, found '='",
            "rating =                      | 8  | expected a value (a quoted string, a number, true or false) at position 8, found the end of the filter",
            "rating = maybe                | 9  | expected a value (a quoted string, a number, true or false) at position 9, found 'maybe'",
            "rating IN 4                   | 10 | expected '(' after IN at position 10, found '4'",
            "rating IN (4, 5               | 15 | expected ',' or ')' in the IN list at position 15, found the end of the filter",
            "rating IN ()                  | 11 | expected a value (a quoted string, a number, true or false) at position 11, found ')'",
            "comment LIKE 5                | 13 | expected a quoted pattern after LIKE at position 13, found '5'",
            "metadata. = 1                 | 10 | expected a field name after '.' (quote names with other characters in backticks) at position 10, found '='",
            "comment = 'unfinished         | 10 | unterminated string starting at position 10",
            "metadata.`open = 1            | 9  | unterminated field name starting at position 9",
            "metadata.`` = 1               | 9  | empty field name at position 9",
            "rating # 4                    | 7  | unexpected character '#' at position 7",
            "rating ! 4                    | 7  | unexpected character '!' at position 7",
            "rating = 4x                   | 9  | malformed number '4x' at position 9",
            "rating = 4.                   | 9  | malformed number '4.' at position 9",
            "retry_count = 99999999999999999999 | 14 | number 99999999999999999999 at position 14 is out of range",
            "metadata.x > 1e999            | 13 | number 1e999 at position 13 is out of range"})
    void syntaxErrorsNameTheirPosition(String filter, int position, String message) {
        FilterException e = refusal(filter);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.rule()).isEqualTo("syntax");
    }

    @Test
    void aBooleanFieldCannotBeOrdered() {
        FilterException e = refusal("task_completed < true");
        assertThat(e.getMessage()).isEqualTo(
                "'<' at position 15 does not apply to 'task_completed', which holds booleans; use = or !=");
        assertThat(e.position()).isEqualTo(15);
        assertThat(e.rule()).isEqualTo("type");
        assertThat(refusal("metadata.beta >= false").position()).isEqualTo(17);
    }

    @Test
    void likeAppliesOnlyToText() {
        FilterException e = refusal("rating LIKE '4%'");
        assertThat(e.getMessage()).isEqualTo("LIKE at position 7 applies to text, but 'rating' holds numbers");
        assertThat(e.rule()).isEqualTo("type");
        assertThat(refusal("negative ILIKE 't%'").position()).isEqualTo(9);
        assertThat(refusal("timestamp like '2026%'").position()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "rating = 'five'             | 9  | expected a number for 'rating' at position 9, found the string 'five'",
            "user_id = 42                | 10 | expected a quoted string for 'user_id' at position 10, found '42'",
            "negative = 'yes'            | 11 | expected true or false for 'negative' at position 11, found the string 'yes'",
            "retry_count IN (1, true)    | 19 | expected a number for 'retry_count' at position 19, found 'true'",
            "thumbs = 'meh'              | 9  | 'thumbs' is one of down, up; found the string 'meh' at position 9",
            "timestamp > 1.5             | 12 | expected an ISO-8601 timestamp or epoch milliseconds for 'timestamp' at position 12, found '1.5'"})
    void aValueOfTheWrongTypeIsRefusedAtItsPosition(String filter, int position, String message) {
        FilterException e = refusal(filter);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.rule()).isEqualTo("type");
    }

    @Test
    void anUnreadableTimestampIsAFormatError() {
        FilterException e = refusal("rating > 1 AND timestamp > 'yesterday'");
        assertThat(e.rule()).isEqualTo("format");
        assertThat(e.position()).isEqualTo(27);
        assertThat(e.getMessage()).startsWith("expected an ISO-8601 timestamp with offset")
                .endsWith("at position 27, found the string 'yesterday'");
        assertThat(refusal("timestamp > '2026-11-28T09:15:00'").rule()).isEqualTo("format");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "timestamp > '+999999999-12-31T23:59:59Z'   | range | 12",
            "received_at < '-000001-12-31T00:00:00Z'    | range | 14",
            "timestamp > 9223372036854775807            | range | 12",
            "timestamp IN ('2026-11-28', '+10000-01-01') | range | 28",
            "rating > 1e99999999999                     | syntax | 9"})
    void aValueNoStoreCanHoldIsRefusedAtItsPosition(String filter, String rule, int position) {
        FilterException e = refusal(filter);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.position()).isEqualTo(position);
        assertThat(only("timestamp >= '9999-12-31T23:59:59Z'").value()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(only("timestamp >= '0000-01-01'").value()).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void aPatternPastItsLimitsIsRefusedNamingTheLimit() {
        FilterException tooLong = refusal("rating > 1 AND comment LIKE '" + "a".repeat(257) + "'");
        assertThat(tooLong.rule()).isEqualTo("max_pattern_length");
        assertThat(tooLong.position()).isEqualTo(28);
        assertThat(only("comment LIKE '" + "a".repeat(256) + "'").operator()).isEqualTo(Operator.LIKE);

        FilterException wild = refusal("comment ILIKE '" + "%a".repeat(8) + "_".repeat(9) + "'");
        assertThat(wild.rule()).isEqualTo("max_wildcards");
        assertThat(wild.getMessage()).startsWith("the pattern at position 14 has 17 wildcards");
        assertThat(only("comment LIKE '" + "%a".repeat(8) + "_".repeat(8) + "\\%'").operator()).isEqualTo(Operator.LIKE);

        String eight = String.join(" AND ", java.util.Collections.nCopies(8, "comment LIKE '%a%'"));
        assertThat(FilterParser.parse(eight).comparisons()).hasSize(8);
        FilterException many = refusal(eight + " AND correction LIKE '%b%'");
        assertThat(many.rule()).isEqualTo("max_patterns");
        assertThat(many.position()).isEqualTo(eight.length() + 21);
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedWhereTheyStand() {
        FilterException nul = refusal("comment = 'a\u0000b'");
        assertThat(nul.rule()).isEqualTo("unicode");
        assertThat(nul.position()).isEqualTo(12);
        assertThat(refusal("metadata.`k\uD800` = 1").position()).isEqualTo(11);
        assertThat(only("comment = 'smile \uD83D\uDE00'").value()).isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void aPathDeeperThanAnyStoredMetadataIsRefused() {
        String deep = "metadata" + ".k".repeat(FilterParser.MAX_PATH_DEPTH);
        FilterException e = refusal("rating = 1 AND " + deep + " = 1");
        assertThat(e.rule()).isEqualTo("max_depth");
        assertThat(e.position()).isEqualTo(15);
        assertThat(only("metadata" + ".k".repeat(FilterParser.MAX_PATH_DEPTH - 1) + " = 1").field().path())
                .hasSize(FilterParser.MAX_PATH_DEPTH);
    }
}
