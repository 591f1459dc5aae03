package qmap.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a misspelt one most likely meant, by edit distance (case-insensitive). */
public final class ClosestName {
    private ClosestName() {
    }

    public static Optional<String> among(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(w, c);
            boolean prefix = w.length() >= 3 && (c.startsWith(w) || w.startsWith(c));
            if ((d <= Math.max(2, w.length() / 3) || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "; did you mean 'x'?" or nothing, to append to a message. */
    public static String hint(String word, Collection<String> known) {
        return among(word, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
