package qmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecMetricTest {
    @Test
    void levenshteinCountsEdits() {
        assertEquals(3, Levenshtein.distance("kitten", "sitting"));
        assertEquals(0, Levenshtein.distance("", ""));
        assertEquals(4, Levenshtein.distance("", "Room"));
        assertEquals(1, Levenshtein.distance("价格", "价钱"));
    }

    @Test
    void levenshteinWorksOnCodePointsNotChars() {
        // U+1F600 is two UTF-16 chars but one code point
        assertEquals(1, Levenshtein.distance("a\uD83D\uDE00b", "ab"));
        assertEquals(1, Levenshtein.distance("a\uD83D\uDE00b", "axb"));
    }

    @Test
    void scoresIgnoreSpaces() {
        assertArrayEquals(new double[] {0, 0.75}, RecMetric.scores("Ro0m", "Room"), 1e-12);
        assertArrayEquals(new double[] {1, 1}, RecMetric.scores("电话：138 0000", "电话：1380000"), 1e-12);
        assertArrayEquals(new double[] {1, 1}, RecMetric.scores(" ", ""), 1e-12);
        assertArrayEquals(new double[] {0, 0}, RecMetric.scores("", "ab"), 1e-12);
    }
}
