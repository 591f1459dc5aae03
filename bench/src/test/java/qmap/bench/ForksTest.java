package qmap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median row of several JVMs' rows: each trailing number column on its own, the name kept. */
class ForksTest {
    @Test
    void medianRowTakesEachColumnsMedianAndKeepsTheLayout() {
        List<String> rows = List.of(
                "det 1x3x640x640          1      121.2      109.8    1.10",
                "det 1x3x640x640          1      114.7      106.8    1.07",
                "det 1x3x640x640          1      130.0      101.0    1.29");
        assertEquals("det 1x3x640x640          1      121.2      106.8    1.10   (median of 3 JVMs)",
                Forks.median(rows));
    }

    @Test
    void numbersInsideTheNameAreNotColumns() {
        List<String> rows = List.of("model 2 x          2      10.0    0.5", "model 2 x          2      12.0    0.7");
        assertEquals("model 2 x          2      11.0    0.6   (median of 2 JVMs)", Forks.median(rows));
    }
}
