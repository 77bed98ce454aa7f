package dev.feedbackloop.analysis.clustering;

import smile.nlp.dictionary.EnglishStopWords;
import smile.nlp.stemmer.PorterStemmer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a failure and how it becomes terms: Unicode-normalised, lower-cased, split into words, English stop
 * words and bare numbers dropped (order numbers and amounts would otherwise tie unrelated failures together), Porter
 * stemmed. Intent and tools become tokens of their own ({@code intent:billing}, {@code tool:crm_lookup}).
 */
public final class FailureText {

    static final String INTENT_PREFIX = "intent:";
    static final String TOOL_PREFIX = "tool:";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

    /** A stemmed term and the word it was stemmed from. */
    record Term(String stem, String surface) {
    }

    private FailureText() {
    }

    /**
     * What a failure says: the user's comment, the correction and each failure reason, blank parts left out, joined by
     * a full stop so that words of different parts never run together.
     */
    public static String compose(String comment, String correction, List<String> failureReasons) {
        List<String> parts = new ArrayList<>();
        addIfPresent(parts, comment);
        addIfPresent(parts, correction);
        if (failureReasons != null) {
            failureReasons.forEach(reason -> addIfPresent(parts, reason));
        }
        return String.join(". ", parts);
    }

    /** The text's terms in order, stop words and numbers dropped. */
    static List<Term> terms(String text) {
        List<Term> terms = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return terms;
        }
        PorterStemmer stemmer = new PorterStemmer();
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'');
        Matcher words = WORD.matcher(normalized);
        while (words.find()) {
            String word = words.group();
            if (EnglishStopWords.DEFAULT.contains(word)) {
                continue;
            }
            int apostrophe = word.indexOf('\'');
            if (apostrophe >= 0) {
                word = word.substring(0, apostrophe);
            }
            if (word.length() < 2 || isNumber(word) || EnglishStopWords.DEFAULT.contains(word)) {
                continue;
            }
            terms.add(new Term(stemmer.stem(word), word));
        }
        return terms;
    }

    static String intentToken(String intent) {
        return intent == null || intent.isBlank() ? null : INTENT_PREFIX + intent.strip().toLowerCase(Locale.ROOT);
    }

    static String toolToken(String tool) {
        return tool == null || tool.isBlank() ? null : TOOL_PREFIX + tool.strip().toLowerCase(Locale.ROOT);
    }

    static boolean isMeta(String term) {
        return term.startsWith(INTENT_PREFIX) || term.startsWith(TOOL_PREFIX);
    }

    private static boolean isNumber(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void addIfPresent(List<String> parts, String part) {
        if (part != null && !part.isBlank()) {
            parts.add(part.strip());
        }
    }
}
