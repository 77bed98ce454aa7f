package dev.feedbackloop.support.rules;

import java.util.Collection;
import java.util.Optional;

/** The known name a mistyped one was most likely meant to be, so messages can say "did you mean". */
public final class ClosestName {

    private ClosestName() {
    }

    /** The nearest name by edit distance if near enough to be a typo, else one the typed name is an abbreviation of. */
    public static Optional<String> to(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(typed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        if (bestDistance <= Math.max(2, best.length() / 4)) {
            return Optional.of(best);
        }
        return known.stream().filter(k -> oneWithinTheOther(typed, k)).findFirst();
    }

    /** The shorter name starts the longer one, or its letters appear in order in it and it is at least half as long. */
    private static boolean oneWithinTheOther(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        if (shorter.length() < 3) {
            return false;
        }
        if (longer.startsWith(shorter)) {
            return true;
        }
        if (shorter.length() * 2 < longer.length()) {
            return false;
        }
        int found = 0;
        for (int i = 0; i < longer.length() && found < shorter.length(); i++) {
            if (longer.charAt(i) == shorter.charAt(found)) {
                found++;
            }
        }
        return found == shorter.length();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
