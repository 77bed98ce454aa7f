package dev.feedbackloop.analysis.clustering;

import smile.nlp.dictionary.EnglishStopWords;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A readable label for a failure mode: the phrases (one to three words, as written, neither starting nor ending with
 * a stop word or a number) that the most members use and the fewest other failures do. A phrase's score is its share
 * of members minus its share of the other failures, longer phrases slightly preferred when as distinctive; the label
 * joins the best two that share no word, e.g. {@code "password reset link, broken"}.
 */
final class KeyPhrases {

    static final int MAX_WORDS = 3;
    static final int LABEL_PHRASES = 2;
    /** A phrase must occur in at least this share of the members to name them. */
    static final double MIN_SHARE = 0.08;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\\-][\\p{L}\\p{N}]+)*");

    private KeyPhrases() {
    }

    /**
     * @param members the members' texts
     * @param others  the phrases of each of the other failures of the window (or of a sample of them)
     */
    static List<String> phrases(List<String> members, List<Set<String>> others, int max) {
        Map<String, Integer> inside = new HashMap<>();
        for (String text : members) {
            phrasesOf(text).forEach(p -> inside.merge(p, 1, Integer::sum));
        }
        int minCount = Math.max(2, (int) Math.ceil(MIN_SHARE * members.size()));
        inside.values().removeIf(count -> count < minCount);
        if (inside.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> outside = new HashMap<>();
        for (Set<String> phrases : others) {
            for (String p : phrases) {
                if (inside.containsKey(p)) {
                    outside.merge(p, 1, Integer::sum);
                }
            }
        }
        double n = members.size();
        double m = Math.max(1, others.size());
        Map<String, Double> score = new HashMap<>();
        inside.forEach((p, count) -> {
            int words = p.split(" ").length;
            double s = (count / n - outside.getOrDefault(p, 0) / m) * (1 + 0.15 * (words - 1));
            if (s > 0) {
                score.put(p, s);
            }
        });
        List<String> ranked = new ArrayList<>(score.keySet());
        ranked.sort(Comparator.<String>comparingDouble(p -> -score.get(p)).thenComparing(Comparator.naturalOrder()));
        List<String> chosen = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String p : ranked) {
            if (chosen.size() >= max) {
                break;
            }
            List<String> words = List.of(p.split(" "));
            if (words.stream().noneMatch(used::contains)) {
                chosen.add(p);
                used.addAll(words);
            }
        }
        return chosen;
    }

    /** The distinct phrases of a text. */
    static Set<String> phrasesOf(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        // phrases do not run across sentences or clauses
        for (String clause : normalized.split("[.,;:!?()\\[\\]\"]+")) {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(clause);
            while (m.find()) {
                words.add(m.group());
            }
            for (int i = 0; i < words.size(); i++) {
                if (!content(words.get(i))) {
                    continue;
                }
                for (int n = 1; n <= MAX_WORDS && i + n <= words.size(); n++) {
                    String last = words.get(i + n - 1);
                    if (content(last)) {
                        out.add(String.join(" ", words.subList(i, i + n)));
                    }
                }
            }
        }
        return out;
    }

    private static boolean content(String word) {
        if (word.length() < 2 || EnglishStopWords.DEFAULT.contains(word) || word.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int apostrophe = word.indexOf('\'');
        return apostrophe < 0 || !EnglishStopWords.DEFAULT.contains(word.substring(0, apostrophe));
    }
}
