package qmap.kernels;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ConvGeometry;
import qmap.ops.ConvTranspose;
import qmap.ops.Workspace;

/**
 * ConvTranspose for float32 N x C x H x W: per image and group, one {@link DirectGemm} product
 * of W transposed ((map, tap) x channel, packed once per weight tensor) with X (channel x input
 * position), then col2im: each (map, tap) row is added into the output plane at the tap's
 * place, taps in order, so every output element sums its contributions in one fixed order. When
 * the windows tile the output (stride = kernel, the detection head's upsampling) each output is
 * written once, from the product's finished spans while they are in the product's scratch block
 * ({@link #convolveTiles}; the integer runtime requantizes them there). Anything else goes to the
 * reference {@link ConvTranspose}.
 */
public final class FastConvTranspose extends FastKernel {
    private final Map<float[], float[][]> packed = new WeakHashMap<>();

    public FastConvTranspose(ConvTranspose reference) {
        super(reference);
    }

    /**
     * Where a transposed convolution whose windows tile the output hands its products, one input
     * row's run at a time: {@code sums[offset + j]} (j in [0, length)) is the product for output
     * element {@code at + j * step} (flat N x M x OH x OW index) of output map {@code map}; each
     * output element gets exactly one product.
     */
    @FunctionalInterface
    public interface Tiles {
        void accept(float[] sums, int offset, int length, int map, int at, int step);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (!fits(node, x, w, b)) {
            return reference.run(node, in);
        }
        int group = (int) node.attrInt("group", 1);
        ConvShape s = shape(node, x, w);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int groupChannels = channels / group;
        int groupMaps = w.dim(1);
        int maps = groupMaps * group;
        int taps = s.taps();
        int inSize = s.h * s.w;
        int outSize = s.oh * s.ow;
        float[] bias = b == null ? null : b.floats();
        float[] y = workspace.floats(batch * maps * outSize);
        int[] shape = {batch, maps, s.oh, s.ow};
        // windows that tile the output: each finished span of products goes to its outputs while in cache
        if (convolveTiles(node, x, w, workspace, (sums, offset, length, map, at, step) -> {
            float add = bias == null ? 0f : bias[map];
            for (int j = 0; j < length; j++) {
                y[at + j * step] = add + sums[offset + j];
            }
        })) {
            return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
        }
        float[][] rows = rowPanels(w.floats(), group, groupChannels, groupMaps * taps,
                !workspace.buffers().recycles(w.floats()));
        float[] xs = x.floats();
        float[] cols = workspace.floats(groupMaps * taps * inSize);
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < group; g++) {
                int xBase = (n * channels + g * groupChannels) * inSize;
                int yBase = (n * maps + g * groupMaps) * outSize;
                int firstMap = g * groupMaps;
                DirectGemm.multiply(rows[g], groupMaps * taps, DirectGemm.Operand.matrix(xs, xBase, groupChannels, inSize),
                        null, 0, new DirectGemm.Output(cols, 0, inSize, inSize), pool, null);
                Parallel.forEach(pool, groupMaps, m -> col2im(cols, m * taps * inSize, y, yBase + m * outSize,
                        bias == null ? 0f : bias[firstMap + m], s));
            }
        }
        return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
    }

    private static ConvShape shape(Node node, Tensor x, Tensor w) {
        return new ConvShape(ConvGeometry.transposed(node, ConvGeometry.spatial(x.shape()),
                ConvGeometry.spatial(w.shape())));
    }

    /**
     * The products (no bias) of float X and W when the node fits and its windows tile the output,
     * handed span by span to {@code tiles} from the product's scratch block (the products are
     * never stored as a whole); false, nothing done, otherwise.
     */
    public boolean convolveTiles(Node node, Tensor x, Tensor w, Workspace workspace, Tiles tiles) {
        if (!fits(node, x, w, null)) {
            return false;
        }
        float[] xs = x.floats();
        return convolveTiles(node, x.shape(), (base, k, n) -> DirectGemm.Operand.matrix(xs, base, k, n), w, workspace,
                tiles);
    }

    /**
     * As {@link #convolveTiles(Node, Tensor, Tensor, Workspace, Tiles)} for X given as 8-bit
     * codes minus {@code zeroPoint}, converted to floats as the product packs them (no float copy
     * of X); the caller makes sure the products are exact.
     */
    public boolean convolveTilesCodes(Node node, byte[] codes, boolean unsigned, int zeroPoint, int[] xShape, Tensor w,
                                      Workspace workspace, Tiles tiles) {
        if (w.dtype() != DType.FLOAT || w.rank() != 4 || xShape.length != 4 || w.dim(0) != xShape[1]
                || codes.length == 0 || w.size() == 0) {
            return false;
        }
        long group = node.attrInt("group", 1);
        if (group <= 0 || xShape[1] % group != 0) {
            return false;
        }
        return convolveTiles(node, xShape,
                (base, k, n) -> DirectGemm.Operand.matrix(codes, unsigned, zeroPoint, base, k, n), w, workspace, tiles);
    }

    /** X's channels from {@code base} of one image's group as the product's operand. */
    @FunctionalInterface
    private interface Matrix {
        DirectGemm.Operand of(int base, int k, int n);
    }

    private boolean convolveTiles(Node node, int[] xShape, Matrix x, Tensor w, Workspace workspace, Tiles tiles) {
        long[] kernel = node.attrInts("kernel_shape", null);
        if (kernel != null && (kernel.length != 2 || kernel[0] != w.dim(2) || kernel[1] != w.dim(3))) {
            return false;
        }
        ConvShape s = new ConvShape(ConvGeometry.transposed(node, ConvGeometry.spatial(xShape),
                ConvGeometry.spatial(w.shape())));
        if (!tiles(s)) {
            return false;
        }
        int group = (int) node.attrInt("group", 1);
        int channels = xShape[1];
        int groupChannels = channels / group;
        int groupMaps = w.dim(1);
        int maps = groupMaps * group;
        int taps = s.taps();
        int inSize = s.h * s.w;
        float[][] rows = rowPanels(w.floats(), group, groupChannels, groupMaps * taps,
                !workspace.buffers().recycles(w.floats()));
        for (int n = 0; n < xShape[0]; n++) {
            for (int g = 0; g < group; g++) {
                int image = n;
                int firstMap = g * groupMaps;
                Epilogue spans = new Epilogue() {
                    @Override
                    public void apply(float[] c, int offset, int length, int row) {
                        apply(c, offset, length, row, offset);
                    }

                    @Override
                    public boolean readsOnly() {
                        return true;
                    }

                    @Override
                    public void apply(float[] sums, int offset, int length, int row, int at) {
                        int map = firstMap + row / taps;
                        int ky = (row % taps) / s.kw;
                        int kx = row % s.kw;
                        int plane = (image * maps + map) * s.oh * s.ow;
                        // input positions [p, p + length), cut where an input row ends
                        for (int p = at - row * inSize, end = p + length; p < end; ) {
                            int iy = p / s.w;
                            int ix = p % s.w;
                            int run = Math.min(end - p, s.w - ix);
                            tiles.accept(sums, offset, run, map, plane + (iy * s.sh + ky) * s.ow + ix * s.sw + kx, s.sw);
                            offset += run;
                            p += run;
                        }
                    }
                };
                // the Output only places the spans (at = row * inSize + p): the sums stay in the scratch
                DirectGemm.multiply(rows[g], groupMaps * taps,
                        x.of((n * channels + g * groupChannels) * inSize, groupChannels, inSize),
                        null, 0, new DirectGemm.Output(null, 0, inSize, inSize), workspace.pool(), spans);
            }
        }
        return true;
    }

    /** One output plane: the bias, then each tap's row of products added at the tap's place. */
    private static void col2im(float[] cols, int cOff, float[] y, int yOff, float bias, ConvShape s) {
        Arrays.fill(y, yOff, yOff + s.oh * s.ow, bias);
        int inSize = s.h * s.w;
        for (int ky = 0; ky < s.kh; ky++) {
            for (int kx = 0; kx < s.kw; kx++) {
                int row = cOff + (ky * s.kw + kx) * inSize;
                int dx = kx * s.dw - s.padLeft;
                // input columns whose output column ix * sw + dx lies inside the output row
                int lo = dx >= 0 ? 0 : (-dx + s.sw - 1) / s.sw;
                int hi = s.ow - 1 - dx < 0 ? 0 : Math.min(s.w, (s.ow - 1 - dx) / s.sw + 1);
                for (int iy = 0; iy < s.h; iy++) {
                    int oy = iy * s.sh - s.padTop + ky * s.dh;
                    if (oy < 0 || oy >= s.oh) {
                        continue;
                    }
                    int src = row + iy * s.w;
                    int dst = yOff + oy * s.ow + dx;
                    for (int ix = lo; ix < hi; ix++) {
                        y[dst + ix * s.sw] += cols[src + ix];
                    }
                }
            }
        }
    }

    /** Whether the windows tile the output: stride = kernel, no dilation or padding, so each output has one tap. */
    private static boolean tiles(ConvShape s) {
        return s.sh == s.kh && s.sw == s.kw && s.dh == 1 && s.dw == 1 && s.padTop == 0 && s.padLeft == 0
                && s.oh == s.h * s.sh && s.ow == s.w * s.sw;
    }

    /** Per group, W's rows (map, tap) x channels as row panels: element (r, c) is w[(g * Cg + c) * rows + r]. */
    private float[][] rowPanels(float[] w, int group, int groupChannels, int rowsPerGroup, boolean keep) {
        synchronized (packed) {
            float[][] p = packed.get(w);
            if (p == null) {
                p = new float[group][];
                for (int g = 0; g < group; g++) {
                    p[g] = MicroKernel.pack(w, g * groupChannels * rowsPerGroup, 1, rowsPerGroup,
                            rowsPerGroup, groupChannels);
                }
                if (keep) {
                    packed.put(w, p);
                }
            }
            return p;
        }
    }

    private static boolean fits(Node node, Tensor x, Tensor w, Tensor b) {
        if (x.dtype() != DType.FLOAT || w.dtype() != DType.FLOAT || (b != null && b.dtype() != DType.FLOAT)
                || x.rank() != 4 || w.rank() != 4 || x.size() == 0 || w.size() == 0) {
            return false;
        }
        long group = node.attrInt("group", 1);
        if (group <= 0 || w.dim(0) != x.dim(1) || x.dim(1) % group != 0
                || (b != null && b.size() != w.dim(1) * group)) {
            return false;
        }
        long[] kernel = node.attrInts("kernel_shape", null);
        return kernel == null || (kernel.length == 2 && kernel[0] == w.dim(2) && kernel[1] == w.dim(3));
    }
}
