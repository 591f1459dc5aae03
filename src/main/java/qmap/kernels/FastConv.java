package qmap.kernels;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Conv;
import qmap.ops.ConvGeometry;
import qmap.ops.Workspace;

/**
 * Conv for float32 N x C x H x W: depthwise convolutions run {@link DepthwiseConv}, all others
 * {@link DirectConv} (W's rows packed once per weight tensor, the input read in place or as
 * padded phase planes, no im2col matrix). Anything else (other types, 1-D or 3-D) goes to the
 * reference {@link Conv}.
 */
public final class FastConv extends FastKernel {
    /** Packed row panels per weight array, one per group; weights are constants, so packed once. */
    private final Map<float[], float[][]> packed = new WeakHashMap<>();

    public FastConv(Conv reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        if (!fits(node, in)) {
            return reference.run(node, in);
        }
        int[] shape = outputShape(node, in);
        float[] y = workspace.floats(shape[0] * shape[1] * shape[2] * shape[3]);
        convolve(node, in, y, workspace, null);
        return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
    }

    /** N x M x OH x OW of a convolution that {@link #fits}. */
    public static int[] outputShape(Node node, Tensor[] in) {
        ConvShape s = shape(node, in);
        return new int[] {in[0].dim(0), in[1].dim(0), s.oh, s.ow};
    }

    private static ConvShape shape(Node node, Tensor[] in) {
        return new ConvShape(ConvGeometry.forward(node, ConvGeometry.spatial(in[0].shape()),
                ConvGeometry.spatial(in[1].shape()), false));
    }

    /**
     * Writes the convolution of a node that {@link #fits} into {@code y}, then {@code epilogue}
     * (null for none) on each finished span of one output channel.
     */
    public void convolve(Node node, Tensor[] in, float[] y, Workspace workspace, Epilogue epilogue) {
        Tensor b = in.length > 2 ? in[2] : null;
        float[] x = in[0].floats();
        ConvShape s = shape(node, in);
        run(node, s, in[0].shape(), PhasePlanes.Source.of(x), (base, c) -> PhasePlanes.of(x, base, c, s, workspace),
                in[1], b == null ? null : b.floats(), y, workspace, epilogue);
    }

    /**
     * The convolution of 8-bit codes minus their zero point (X given as {@code codes} of shape
     * {@code xShape}; W float, no bias), as {@link #convolve} computes it on the centered floats:
     * the codes are centered while the phase planes are copied, or, for a pointwise window, while
     * the GEMM packs its slices of them, so no float copy of the whole input is made.
     */
    public void convolveCodes(Node node, byte[] codes, boolean unsigned, int zeroPoint, int[] xShape, Tensor w,
                              float[] y, Workspace workspace, Epilogue epilogue) {
        ConvShape s = new ConvShape(ConvGeometry.forward(node, ConvGeometry.spatial(xShape),
                ConvGeometry.spatial(w.shape()), false));
        PhasePlanes.Source x = PhasePlanes.Source.ofCodes(codes, unsigned, zeroPoint);
        DirectConv.Operands operands = s.pointwise()
                ? (base, c) -> DirectGemm.Operand.matrix(codes, unsigned, zeroPoint, base, c, s.h * s.w)
                : (base, c) -> PhasePlanes.of(x, base, c, s, workspace);
        run(node, s, xShape, x, operands, w, null, y, workspace, epilogue);
    }

    private static boolean depthwise(Node node, int channels, int maps) {
        return node.attrInt("group", 1) == channels && maps == channels;
    }

    /**
     * Depthwise windows fill their planes from {@code planes}; the others run {@link DirectConv}
     * on {@code operands} (the same source, or a pointwise window's input in place).
     */
    private void run(Node node, ConvShape s, int[] xShape, PhasePlanes.Source planes, DirectConv.Operands operands,
                     Tensor w, float[] bias, float[] y, Workspace workspace, Epilogue epilogue) {
        int batch = xShape[0];
        int channels = xShape[1];
        int maps = w.dim(0);
        if (depthwise(node, channels, maps)) {
            DepthwiseConv.run(planes, w.floats(), bias, y, batch * channels, channels, s, workspace.pool(), epilogue);
            return;
        }
        int group = (int) node.attrInt("group", 1);
        float[][] panels = panels(w.floats(), group, maps / group, channels / group * s.taps(),
                !workspace.buffers().recycles(w.floats()));
        DirectConv.run(operands, panels, bias, y, batch, channels, maps, group, s, workspace, epilogue);
    }

    /** W's row panels per group, kept for the next run unless W's array is recycled (not a constant). */
    private float[][] panels(float[] w, int group, int groupMaps, int k, boolean keep) {
        synchronized (packed) {
            float[][] p = packed.get(w);
            if (p == null) {
                p = new float[group][];
                for (int g = 0; g < group; g++) {
                    p[g] = MicroKernel.pack(w, g * groupMaps * k, k, 1, groupMaps, k);
                }
                if (keep) {
                    packed.put(w, p);
                }
            }
            return p;
        }
    }

    /** Float32 2-D convolution with consistent shapes; anything else is the reference's to run or reject. */
    public static boolean fits(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (x.dtype() != DType.FLOAT || w.dtype() != DType.FLOAT || (b != null && b.dtype() != DType.FLOAT)) {
            return false;
        }
        return fitsShapes(node, x.shape(), w.shape()) && (b == null || b.size() == w.dim(0));
    }

    /** Whether X and W of these shapes make a 2-D convolution this kernel runs (types aside). */
    public static boolean fitsShapes(Node node, int[] x, int[] w) {
        if (x.length != 4 || w.length != 4) {
            return false;
        }
        long group = node.attrInt("group", 1);
        if (group <= 0 || x[1] != w[1] * group || w[0] % group != 0 || qmap.ir.Shapes.size(x) == 0
                || qmap.ir.Shapes.size(w) == 0) {
            return false;
        }
        long[] kernel = node.attrInts("kernel_shape", null);
        return kernel == null || (kernel.length == 2 && kernel[0] == w[2] && kernel[1] == w[3]);
    }
}
