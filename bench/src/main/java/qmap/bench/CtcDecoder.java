package qmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PaddleOCR's CTCLabelDecode, greedy: per time step the first maximal class; a step equal to the
 * previous step's class is dropped, then blanks (class 0). Classes: 0 = blank, 1..N = the
 * dictionary's lines, N + 1 = space (use_space_char).
 */
public final class CtcDecoder {
    private final String[] characters;

    public CtcDecoder(List<String> dictionaryLines) {
        List<String> cs = new ArrayList<>();
        cs.add("");
        cs.addAll(dictionaryLines);
        cs.add(" ");
        characters = cs.toArray(new String[0]);
    }

    /** Reads a PaddleOCR character dictionary (UTF-8, one character per line, split as Python's str.splitlines). */
    public static CtcDecoder fromDictionary(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return new CtcDecoder(splitLines(text));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** Python's str.splitlines: \n, \r, \r\n and the other Unicode line boundaries; no trailing empty line. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ("\n\r\u000B\u000C\u001C\u001D\u001E\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Number of classes the model must output (blank + dictionary + space). */
    public int classes() {
        return characters.length;
    }

    /** Decodes probabilities [T, C] (row-major, C = {@link #classes()}). */
    public String decode(float[] probs) {
        int c = characters.length;
        if (probs.length % c != 0) {
            throw new IllegalArgumentException("rec output has " + probs.length + " values, not a multiple of the "
                    + c + " classes of the dictionary");
        }
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        for (int t = 0; t < probs.length / c; t++) {
            int k = ClsMetric.argmax(probs, t * c, c);
            if (k != prev && k != 0) {
                sb.append(characters[k]);
            }
            prev = k;
        }
        return sb.toString();
    }
}
