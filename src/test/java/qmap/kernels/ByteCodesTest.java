package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector conversions against the plain definitions, at lengths around the vector width. */
class ByteCodesTest {
    @Test
    void centeredMatchesTheDefinitionForBothSignednesses() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1001}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            for (boolean unsigned : new boolean[] {false, true}) {
                for (int zp : unsigned ? new int[] {0, 128, 255, 3} : new int[] {0, -128, 127, -5}) {
                    float[] out = new float[n + 3];
                    int max = ByteCodes.centered(b, unsigned, zp, out, n);
                    int expectedMax = 0;
                    for (int i = 0; i < n; i++) {
                        int code = unsigned ? b[i] & 0xFF : b[i];
                        assertEquals(code - zp, out[i], "n=" + n + " i=" + i + " unsigned=" + unsigned + " zp=" + zp);
                        expectedMax = Math.max(expectedMax, Math.abs(code - zp));
                    }
                    assertEquals(0f, out[n], "nothing written past n");
                    assertEquals(expectedMax, max, "n=" + n + " unsigned=" + unsigned + " zp=" + zp);
                }
            }
        }
    }

    @Test
    void centeredFromAnOffsetMatchesTheDefinition() {
        Random r = new Random(9);
        byte[] b = new byte[300];
        r.nextBytes(b);
        for (int n : new int[] {0, 1, 7, 8, 9, 17, 64, 65, 200}) {
            for (boolean unsigned : new boolean[] {false, true}) {
                int zp = unsigned ? 128 : -5;
                float[] out = new float[n + 13];
                ByteCodes.centered(b, 37, unsigned, zp, out, 5, n);
                for (int i = 0; i < out.length; i++) {
                    int code = unsigned ? b[37 + i - 5] & 0xFF : i >= 5 ? b[37 + i - 5] : 0;
                    float expected = i < 5 || i >= 5 + n ? 0f : code - zp;
                    assertEquals(expected, out[i], "n=" + n + " i=" + i + " unsigned=" + unsigned);
                }
            }
        }
    }

    @Test
    void centeredEvenTakesEverySecondCodeUpToTheArraysEnd() {
        Random r = new Random(17);
        for (int length : new int[] {1, 16, 17, 40, 61, 300}) {
            byte[] b = new byte[length];
            r.nextBytes(b);
            for (int from : new int[] {0, 1, 5}) {
                // every n whose last code lies inside b: the tail near the end runs without a vector
                for (int n = 0; from + 2 * (n - 1) < length; n++) {
                    for (boolean unsigned : new boolean[] {false, true}) {
                        int zp = unsigned ? 128 : -5;
                        float[] out = new float[n + 4];
                        ByteCodes.centeredEven(b, from, unsigned, zp, out, 3, n);
                        for (int i = 0; i < out.length; i++) {
                            int code = i < 3 || i >= 3 + n ? 0 : unsigned ? b[from + 2 * (i - 3)] & 0xFF
                                    : b[from + 2 * (i - 3)];
                            float expected = i < 3 || i >= 3 + n ? 0f : code - zp;
                            assertEquals(expected, out[i], "length=" + length + " from=" + from + " n=" + n + " i=" + i
                                    + " unsigned=" + unsigned);
                        }
                    }
                }
            }
        }
    }

    @Test
    void dequantizeIsTheFloat32Definition() {
        Random r = new Random(13);
        for (int n : new int[] {0, 3, 8, 9, 16, 31, 1000}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            for (boolean unsigned : new boolean[] {false, true}) {
                for (int zp : unsigned ? new int[] {0, 128, 255} : new int[] {0, -128, 127, -3}) {
                    float scale = 0.0123f + r.nextFloat();
                    float[] out = new float[n + 2];
                    ByteCodes.dequantize(b, unsigned, zp, scale, out, n);
                    for (int i = 0; i < n; i++) {
                        long code = unsigned ? b[i] & 0xFF : b[i];
                        assertEquals(Float.floatToIntBits((float) (code - zp) * scale), Float.floatToIntBits(out[i]),
                                "n=" + n + " i=" + i + " unsigned=" + unsigned + " zp=" + zp);
                    }
                    assertEquals(0f, out[n], "nothing written past n");
                }
            }
        }
    }

    @Test
    void narrowKeepsTheLowEightBits() {
        Random r = new Random(11);
        for (int n : new int[] {0, 5, 8, 13, 24, 1024}) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(512) - 256;
            }
            byte[] out = new byte[n + 4];
            ByteCodes.narrow(v, n, out, 2);
            assertEquals(0, out[0]);
            assertEquals(0, out[1]);
            for (int i = 0; i < n; i++) {
                assertEquals((byte) v[i], out[2 + i], "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void sumAddsTheCodesOfTheSpan() {
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 100, 4099}) {
            byte[] b = new byte[n + 5];
            r.nextBytes(b);
            for (boolean unsigned : new boolean[] {false, true}) {
                long expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += unsigned ? b[2 + i] & 0xFF : b[2 + i];
                }
                assertEquals(expected, ByteCodes.sum(b, 2, n, unsigned), "n=" + n + " unsigned=" + unsigned);
            }
        }
    }

    @Test
    void lookUpTakesEachEntry() {
        Random r = new Random(9);
        byte[] table = new byte[3 * 256];
        r.nextBytes(table);
        for (int n : new int[] {0, 1, 3, 4, 5, 8, 31, 100, 1001}) {
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = r.nextInt(256);
            }
            for (int base : new int[] {0, 256, 512}) {
                byte[] out = new byte[n + 9];
                ByteCodes.lookUp(index, n, Arrays.copyOfRange(table, base, base + 256), out, 9);
                for (int i = 0; i < n; i++) {
                    assertEquals(table[base + index[i]], out[9 + i], "n=" + n + " base=" + base + " i=" + i);
                }
                for (int i = 0; i < 9; i++) {
                    assertEquals(0, out[i], "nothing written before the offset");
                }
            }
        }
    }

    @Test
    void blockLookUpsOnTwoThreadsTakeEachBlocksTable() {
        Random r = new Random(17);
        byte[] table = new byte[3 * 256];
        r.nextBytes(table);
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1);
        try {
            // one table over 200 K codes (four pieces), and three tables over blocks of 70,001
            for (int[] blocksAndBlock : new int[][] {{1, 200_000}, {3, 70_001}, {3, 5}}) {
                int blocks = blocksAndBlock[0];
                int block = blocksAndBlock[1];
                byte[] codes = new byte[blocks * block];
                r.nextBytes(codes);
                for (int min : new int[] {0, -128}) {
                    byte[] out = new byte[codes.length];
                    ByteCodes.lookUpBlocks(pool, codes, min, table, blocks, block, out);
                    for (int i = 0; i < codes.length; i++) {
                        assertEquals(table[i / block * 256 + ((codes[i] - min) & 0xFF)], out[i],
                                blocks + " x " + block + " min=" + min + " i=" + i);
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void codeLookUpTakesEachCodesEntry() {
        Random r = new Random(13);
        byte[] table = new byte[3 * 256];
        r.nextBytes(table);
        for (int n : new int[] {0, 1, 3, 4, 5, 8, 31, 100, 1001}) {
            byte[] codes = new byte[n + 7];
            r.nextBytes(codes);
            for (int min : new int[] {0, -128}) {
                for (int base : new int[] {0, 256, 512}) {
                    byte[] out = new byte[n + 9];
                    ByteCodes.lookUp(codes, 7, min, table, base, out, 9, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(table[base + ((codes[7 + i] - min) & 0xFF)], out[9 + i],
                                "n=" + n + " min=" + min + " base=" + base + " i=" + i);
                    }
                    for (int i = 0; i < 9; i++) {
                        assertEquals(0, out[i], "nothing written before the offset");
                    }
                }
            }
        }
    }
}
