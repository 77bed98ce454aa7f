package dev.feedbackloop.analysis.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regular expression of a LIKE pattern matches exactly the texts SQL's LIKE does, checked against a plain
 * dynamic-programming matcher over every small pattern and text and over random ones, and it stays correct (and
 * finishes) on long texts built to make a backtracking translation explode. Patterns are compiled with the flags the
 * embedded store gives a {@code $regex} with options {@code s} / {@code si}, and matched with {@code find()} as it does.
 */
class LikePatternTest {

    static final int EMBEDDED_FLAGS = Pattern.DOTALL | Pattern.UNICODE_CASE;

    static boolean matches(String like, String text, boolean ignoreCase) {
        int flags = EMBEDDED_FLAGS | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        return Pattern.compile(new LikePattern(like).toRegex(), flags).matcher(text).find();
    }

    /** LIKE by definition: a table of which pattern suffix matches which text suffix. Code points, not chars. */
    static boolean reference(String like, String text, boolean ignoreCase) {
        List<int[]> tokens = new ArrayList<>();
        for (int i = 0; i < like.length(); ) {
            int c = like.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < like.length()) {
                int escaped = like.codePointAt(i);
                i += Character.charCount(escaped);
                tokens.add(new int[]{'L', escaped});
            } else if (c == '%') {
                tokens.add(new int[]{'%', 0});
            } else if (c == '_') {
                tokens.add(new int[]{'_', 0});
            } else {
                tokens.add(new int[]{'L', c});
            }
        }
        int[] t = text.codePoints().toArray();
        boolean[][] matched = new boolean[tokens.size() + 1][t.length + 1];
        matched[tokens.size()][t.length] = true;
        for (int p = tokens.size() - 1; p >= 0; p--) {
            int[] token = tokens.get(p);
            for (int s = t.length; s >= 0; s--) {
                matched[p][s] = switch (token[0]) {
                    case '%' -> matched[p + 1][s] || (s < t.length && matched[p][s + 1]);
                    case '_' -> s < t.length && matched[p + 1][s + 1];
                    default -> s < t.length && same(token[1], t[s], ignoreCase) && matched[p + 1][s + 1];
                };
            }
        }
        return matched[0][0];
    }

    static boolean same(int a, int b, boolean ignoreCase) {
        return a == b || (ignoreCase && fold(a) == fold(b));
    }

    static int fold(int c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Every pattern of up to 5 symbols over {a, b, %, _} against every text of up to 6 letters over {a, b}. */
    @Test
    void everySmallPatternMatchesExactlyTheTextsLikeDefines() {
        List<String> patterns = words("ab%_", 5);
        List<String> texts = words("ab", 6);
        int checked = 0;
        for (String like : patterns) {
            Pattern regex = Pattern.compile(new LikePattern(like).toRegex(), EMBEDDED_FLAGS);
            for (String text : texts) {
                assertThat(regex.matcher(text).find()).as("'%s' LIKE '%s'", text, like)
                        .isEqualTo(reference(like, text, false));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(1365 * 127);
    }

    @Test
    void randomPatternsAndTextsMatchLikeTheReferenceWithAndWithoutCase() {
        Random random = new Random(20261204);
        String[] patternSymbols = {"a", "A", "b", "é", "É", "\n", ".", "*", "(", "?", "$", "^", "\uD83D\uDE00", "%", "%",
                "_", "\\%", "\\_", "\\\\", "\\a", " ", "\t"};
        String[] textSymbols = {"a", "A", "b", "B", "é", "É", "\n", ".", "*", "(", "?", "$", "^", "\uD83D\uDE00", "%",
                "_", "\\", " ", "\t"};
        for (int i = 0; i < 20_000; i++) {
            String like = random(random, patternSymbols, random.nextInt(10));
            String text = random(random, textSymbols, random.nextInt(16));
            boolean ignoreCase = random.nextBoolean();
            assertThat(matches(like, text, ignoreCase))
                    .as("'%s' %s '%s' (regex %s)", text, ignoreCase ? "ILIKE" : "LIKE", like, new LikePattern(like).toRegex())
                    .isEqualTo(reference(like, text, ignoreCase));
        }
    }

    /** A backtracking translation of these takes minutes to hours on one such text; this one answers exactly. */
    @Test
    void patternsBuiltToBacktrackAnswerExactlyOnTenThousandCharacters() {
        String as = "a".repeat(10_000);
        String asThenB = "a".repeat(9_999) + "b";
        String abs = "ab".repeat(5_000);
        for (String like : List.of("%a%a%b", "%a%a%a%a%a%a%a%a%b", "%a_a_a_a%a%b%c", "%aaaaaaaaaaaaaaaaaab%",
                "a%a%a%a%a%a%ac", "_%_%_%_%_%_%_%b", "%ab%ab%ab%ab%ab%aab", "%%%%a%%%%b")) {
            for (String text : List.of(as, asThenB, abs)) {
                assertThat(matches(like, text, false)).as("%s over %s...", like, text.substring(0, 4))
                        .isEqualTo(reference(like, text, false));
                assertThat(matches(like.toUpperCase(), text, true)).as("%s ILIKE", like)
                        .isEqualTo(reference(like.toUpperCase(), text, true));
            }
        }
        assertThat(matches("%a%a%b", asThenB, false)).isTrue();
        assertThat(matches("%a%a%b", as, false)).isFalse();
    }

    @Test
    void aTrailingLineBreakIsPartOfTheTextNotTheEndOfIt() {
        assertThat(matches("abc", "abc\n", false)).isFalse();
        assertThat(matches("%c", "abc\n", false)).isFalse();
        assertThat(matches("abc_", "abc\n", false)).isTrue();
    }

    @Test
    void wildcardsCountPercentsAndUnderscoresButNotEscapedOnes() {
        assertThat(new LikePattern("%a_b%").wildcards()).isEqualTo(3);
        assertThat(new LikePattern("\\%a\\_b").wildcards()).isZero();
        assertThat(new LikePattern("").wildcards()).isZero();
    }

    static List<String> words(String alphabet, int maxLength) {
        List<String> words = new ArrayList<>(List.of(""));
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String word : previous) {
                for (char c : alphabet.toCharArray()) {
                    next.add(word + c);
                }
            }
            words.addAll(next);
            previous = next;
        }
        return words;
    }

    static String random(Random random, String[] symbols, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(symbols[random.nextInt(symbols.length)]);
        }
        return out.toString();
    }
}
