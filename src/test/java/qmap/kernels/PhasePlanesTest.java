package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stride-2 row copy against its definition, up to the array's end. */
class PhasePlanesTest {
    @Test
    void evensTakesEverySecondValueUpToTheArraysEnd() {
        Random r = new Random(23);
        for (int length : new int[] {1, 16, 17, 40, 61, 300}) {
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = r.nextFloat() - 0.5f;
            }
            for (int src : new int[] {0, 1, 6}) {
                // every n whose last value lies inside x: near the end the copy runs without vectors
                for (int n = 0; src + 2 * (n - 1) < length; n++) {
                    float[] dst = new float[n + 5];
                    PhasePlanes.evens(x, src, dst, 2, n);
                    for (int i = 0; i < dst.length; i++) {
                        float expected = i < 2 || i >= 2 + n ? 0f : x[src + 2 * (i - 2)];
                        assertEquals(expected, dst[i], "length=" + length + " src=" + src + " n=" + n + " i=" + i);
                    }
                }
            }
        }
    }
}
