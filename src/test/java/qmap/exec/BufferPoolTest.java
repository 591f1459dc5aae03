package qmap.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pool used directly (outside an executor): held arrays stay taken, settled scratch comes back by exact size. */
class BufferPoolTest {
    @Test
    void scratchComesBackAfterSettleAndHeldArraysAfterTheirLastRelease() {
        BufferPool pool = new BufferPool();
        float[] kept = pool.floats(8);
        float[] scratch = pool.floats(8);
        long[] codes = pool.longs(8);
        pool.hold(kept);
        pool.hold(kept);
        pool.settle();
        assertEquals(3, pool.created());
        assertSame(scratch, pool.floats(8), "settled scratch is reused");
        assertSame(codes, pool.longs(8));
        assertNotSame(kept, pool.floats(8), "a held array is not handed out again");
        pool.settle();
        pool.release(kept);
        assertTrue(pool.recycles(kept), "still held once");
        pool.release(kept);
        assertFalse(pool.recycles(kept), "free again");
        assertEquals(16, pool.floats(16).length);
        assertEquals(5, pool.created());
    }

    @Test
    void onlyItsOwnArraysAreRecycled() {
        BufferPool pool = new BufferPool();
        float[] mine = pool.floats(4);
        assertTrue(pool.recycles(mine));
        assertFalse(pool.recycles(new float[4]));
        pool.hold(new float[4]);
        pool.release(new float[4]);
    }

    @Test
    void trimDropsTheFreeArraysOfSizesNotAskedForSinceTheLastTrim() {
        BufferPool pool = new BufferPool();
        float[] small = pool.floats(4);
        float[] large = pool.floats(64);
        pool.settle();
        pool.trim();
        assertSame(small, pool.floats(4));
        pool.settle();
        pool.trim();
        assertSame(small, pool.floats(4), "asked for since the last trim: kept");
        assertNotSame(large, pool.floats(64), "not asked for: dropped");
    }
}
