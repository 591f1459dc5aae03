package qmap.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Tensor;

class NpyTest {
    @Test
    void roundTripsFloatAndIntegerTensors() {
        Tensor f = Tensor.ofFloats(new int[] {2, 3}, 1, -2, 3.5f, 0, 1e-7f, 7);
        Tensor back = Npy.parse(Npy.toBytes(f), "mem");
        assertArrayEquals(f.shape(), back.shape());
        assertArrayEquals(f.floats(), back.floats());
        Tensor u8 = Tensor.of(DType.UINT8, new int[] {4}, new long[] {0, 255, 128, 7});
        assertArrayEquals(new long[] {0, 255, 128, 7}, Npy.parse(Npy.toBytes(u8), "mem").longs());
    }

    @Test
    void headerIsPaddedTo64Bytes() {
        byte[] b = Npy.toBytes(Tensor.scalar(1f));
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(0, Npy.parse(b, "mem").rank());
    }

    @Test
    void rejectsNonNpyAndTruncatedData() {
        assertThrows(QmapException.class, () -> Npy.parse("hello world!".getBytes(), "x.npy"));
        byte[] b = Npy.toBytes(Tensor.ofFloats(new int[] {4}, 1, 2, 3, 4));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
        QmapException e = assertThrows(QmapException.class, () -> Npy.parse(cut, "cut.npy"));
        assertEquals(true, e.getMessage().contains("cut.npy"));
    }
}
