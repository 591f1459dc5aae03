package qmap.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * 8-bit integer tensors held as bytes (the integer runtime's compact form) read as the longs
 * their type promises: signed and unsigned, element by element, widened once, through views
 * and {@link Tensor#wrapStorage}; other types cannot be held so.
 */
class ByteBackedTensorTest {
    private static final byte[] RAW = {(byte) 0x80, (byte) 0xFF, 0, 1, 127, (byte) 0xC8};

    @Test
    void int8AndUint8ReadTheirValues() {
        Tensor s = Tensor.ofBytes(DType.INT8, new int[] {2, 3}, RAW.clone());
        Tensor u = Tensor.ofBytes(DType.UINT8, new int[] {2, 3}, RAW.clone());
        assertArrayEquals(new long[] {-128, -1, 0, 1, 127, -56}, s.longs());
        assertArrayEquals(new long[] {128, 255, 0, 1, 127, 200}, u.longs());
        assertSame(s.longs(), s.longs());
        assertSame(s.longs(), s.toLongs());
        assertSame(s.longs(), s.values());
        assertEquals(-56, s.getLong(5));
        assertEquals(200.0, u.getDouble(5));
        assertArrayEquals(new float[] {128, 255, 0, 1, 127, 200}, u.toFloats());
    }

    @Test
    void viewsAndWrappedStorageStayBytes() {
        Tensor s = Tensor.ofBytes(DType.INT8, new int[] {2, 3}, RAW.clone());
        Tensor v = s.reshape(new int[] {3, 2});
        assertSame(s.bytes(), v.bytes());
        assertArrayEquals(s.longs(), v.longs());
        Tensor w = Tensor.wrapStorage(DType.INT8, new int[] {6}, s.storage());
        assertSame(s.bytes(), w.bytes());
        assertNull(Tensor.of(DType.INT8, new int[] {1}, new long[] {3}).bytes());
    }

    @Test
    void onlyEightBitIntegersAreHeldAsBytes() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofBytes(DType.INT16, new int[] {1}, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofBytes(DType.BOOL, new int[] {1}, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofBytes(DType.INT8, new int[] {2}, new byte[1]));
    }
}
