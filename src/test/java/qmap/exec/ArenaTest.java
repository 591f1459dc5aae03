package qmap.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Arrays come back after a reset, by exact size, and only the arena's own arrays count as recycled. */
class ArenaTest {
    @Test
    void arraysAreReusedAfterAResetAndNotBefore() {
        Arena arena = new Arena();
        float[] a = arena.floats(8);
        float[] b = arena.floats(8);
        long[] l = arena.longs(8);
        byte[] by = arena.bytes(8);
        assertNotSame(a, b);
        assertEquals(4, arena.created());
        arena.reset();
        float[] c = arena.floats(8);
        float[] d = arena.floats(8);
        assertTrue(c == a || c == b);
        assertTrue(d == a || d == b);
        assertNotSame(c, d);
        assertSame(l, arena.longs(8));
        assertSame(by, arena.bytes(8));
        assertEquals(16, arena.floats(16).length);
        assertEquals(5, arena.created());
    }

    @Test
    void onlyItsOwnArraysAreRecycled() {
        Arena arena = new Arena();
        float[] mine = arena.floats(4);
        assertTrue(arena.recycles(mine));
        assertFalse(arena.recycles(new float[4]));
    }
}
