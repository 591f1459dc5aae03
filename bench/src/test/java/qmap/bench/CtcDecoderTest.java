package qmap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {
    /** Classes: 0 blank, 1 'a', 2 'b', 3 '价', 4 space. */
    private final CtcDecoder decoder = new CtcDecoder(List.of("a", "b", "价"));

    private static float[] steps(int... classes) {
        float[] p = new float[classes.length * 5];
        for (int t = 0; t < classes.length; t++) {
            p[t * 5 + classes[t]] = 0.9f;
        }
        return p;
    }

    @Test
    void collapsesRepeatsThenDropsBlanks() {
        assertEquals(5, decoder.classes());
        // a a _ a b b ' ' _ 价 : the repeat is collapsed, the blank separates the two a's
        assertEquals("aab 价", decoder.decode(steps(1, 1, 0, 1, 2, 2, 4, 0, 3)));
        assertEquals("", decoder.decode(steps(0, 0, 0)));
    }

    @Test
    void tiesGoToTheFirstMaximum() {
        float[] p = {0f, 0.5f, 0.5f, 0f, 0f};
        assertEquals("a", decoder.decode(p));
    }

    @Test
    void outputMustBeAMultipleOfTheClasses() {
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[7]));
    }

    @Test
    void dictionaryIsSplitLikePythonSplitlines() {
        assertEquals(List.of("a", "b", "c", "d"), CtcDecoder.splitLines("a\nb\r\nc\rd"));
        assertEquals(List.of("a", ""), CtcDecoder.splitLines("a\n\n"));
        assertEquals(List.of("x", "y"), CtcDecoder.splitLines("x\u2028y"));
    }
}
