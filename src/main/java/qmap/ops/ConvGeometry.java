package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.TensorType;

/**
 * Where the sliding window of Conv, ConvTranspose and the pooling ops sits along the spatial
 * axes: kernel, strides, dilations and the begin/end padding that the attributes (pads or
 * auto_pad) resolve to, plus the resulting output extent. An input extent of -1 (unknown
 * during type inference) gives an output extent of -1.
 *
 * <p>Conv and pools gather window taps from the input ({@link #inputTaps}); ConvTranspose
 * scatters each input element through the same window into the output ({@link #outputTaps}).
 * Strides and dilations must be positive.
 */
public final class ConvGeometry {
    public final int[] in;
    public final int[] out;
    public final int[] kernel;
    public final int[] strides;
    public final int[] dilations;
    public final int[] padBegin;
    public final int[] padEnd;

    private ConvGeometry(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations,
                         int[] padBegin, int[] padEnd) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
    }

    /** Geometry of Conv and the pools: {@code out = (in + pads - extent) / stride + 1}. */
    public static ConvGeometry forward(Node node, int[] in, int[] kernel, boolean ceilMode) {
        int rank = in.length;
        int[] strides = ints(node, "strides", rank, 1);
        int[] dilations = ints(node, "dilations", rank, 1);
        int[] pads = ints(node, "pads", 2 * rank, 0);
        String autoPad = autoPad(node);
        requirePositive(strides, "strides");
        requirePositive(dilations, "dilations");
        int[] out = new int[rank];
        int[] begin = new int[rank];
        int[] end = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (in[d] < 0) {
                out[d] = -1;
                continue;
            }
            int extent = (kernel[d] - 1) * dilations[d] + 1;
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> {
                    out[d] = ceilDiv(in[d], strides[d]);
                    int total = Math.max(0, (out[d] - 1) * strides[d] + extent - in[d]);
                    // SAME_UPPER puts the odd pad at the end, SAME_LOWER at the beginning
                    begin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    end[d] = total - begin[d];
                }
                case "VALID" -> out[d] = windows(in[d] - extent, strides[d], ceilMode);
                default -> {
                    begin[d] = pads[d];
                    end[d] = pads[d + rank];
                    out[d] = windows(in[d] + begin[d] + end[d] - extent, strides[d], ceilMode);
                    // in ceil mode the last window must start inside the input or the begin pad
                    if (ceilMode && (out[d] - 1) * strides[d] >= in[d] + begin[d]) {
                        out[d]--;
                    }
                }
            }
            if (out[d] <= 0) {
                throw new IllegalArgumentException("spatial axis " + d + " of extent " + in[d]
                        + " leaves no window for kernel " + kernel[d] + " (dilation " + dilations[d]
                        + ", pads " + begin[d] + "+" + end[d] + ")");
            }
        }
        return new ConvGeometry(in, out, kernel, strides, dilations, begin, end);
    }

    /**
     * Geometry of ConvTranspose: {@code out = stride * (in - 1) + output_padding + extent - pads},
     * or pads derived from output_shape (given, or {@code in * stride} under SAME auto_pad).
     */
    public static ConvGeometry transposed(Node node, int[] in, int[] kernel) {
        int rank = in.length;
        int[] strides = ints(node, "strides", rank, 1);
        int[] dilations = ints(node, "dilations", rank, 1);
        int[] pads = ints(node, "pads", 2 * rank, 0);
        int[] outputPadding = ints(node, "output_padding", rank, 0);
        long[] outputShape = node.attrInts("output_shape", null);
        if (outputShape != null && outputShape.length < rank) {
            throw new IllegalArgumentException("output_shape " + Arrays.toString(outputShape) + " has fewer than "
                    + rank + " spatial dims");
        }
        String autoPad = autoPad(node);
        requirePositive(strides, "strides");
        requirePositive(dilations, "dilations");
        boolean same = autoPad.startsWith("SAME");
        int[] out = new int[rank];
        int[] begin = new int[rank];
        int[] end = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (in[d] < 0) {
                out[d] = -1;
                continue;
            }
            int full = strides[d] * (in[d] - 1) + outputPadding[d] + (kernel[d] - 1) * dilations[d] + 1;
            if (outputShape != null || same) {
                out[d] = outputShape != null ? (int) outputShape[outputShape.length - rank + d] : in[d] * strides[d];
                int total = Math.max(0, full - out[d]);
                begin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                end[d] = total - begin[d];
            } else {
                if (!autoPad.equals("VALID")) {
                    begin[d] = pads[d];
                    end[d] = pads[d + rank];
                }
                out[d] = full - begin[d] - end[d];
            }
            if (out[d] <= 0) {
                throw new IllegalArgumentException("ConvTranspose output extent " + out[d] + " on spatial axis " + d);
            }
        }
        return new ConvGeometry(in, out, kernel, strides, dilations, begin, end);
    }

    int rank() {
        return in.length;
    }

    int inSize() {
        return Shapes.size(in);
    }

    int outSize() {
        return Shapes.size(out);
    }

    int kernelSize() {
        return Shapes.size(kernel);
    }

    /** Taps of the window at each output position, as input offsets (Conv and pools). */
    KernelTaps inputTaps() {
        return new KernelTaps(this, out, in);
    }

    /** Taps of the window at each input position, as output offsets (ConvTranspose scatter). */
    KernelTaps outputTaps() {
        return new KernelTaps(this, in, out);
    }

    /** Number of window positions for {@code room} = padded extent minus window extent. */
    private static int windows(int room, int stride, boolean ceilMode) {
        if (room < 0) {
            return 0;
        }
        return (ceilMode ? ceilDiv(room, stride) : room / stride) + 1;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void requirePositive(int[] values, String key) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(key + " must be positive, got " + Arrays.toString(values));
            }
        }
    }

    private static String autoPad(Node node) {
        String autoPad = node.attrString("auto_pad", "NOTSET");
        return switch (autoPad) {
            case "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID" -> autoPad;
            default -> throw new IllegalArgumentException("auto_pad '" + autoPad
                    + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        };
    }

    /** An ints attribute of {@code length} values, or all {@code dflt} when absent. */
    static int[] ints(Node node, String key, int length, int dflt) {
        long[] v = node.attrInts(key, null);
        int[] out = new int[length];
        if (v == null || v.length == 0) {
            Arrays.fill(out, dflt);
            return out;
        }
        if (v.length != length) {
            throw new IllegalArgumentException(key + " has " + v.length + " values, expected " + length);
        }
        for (int i = 0; i < length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }

    /** The spatial dims of a shape (all after N and C). */
    public static int[] spatial(int[] shape) {
        if (shape.length < 3) {
            throw new IllegalArgumentException("expected N x C x spatial..., got shape " + Shapes.format(shape));
        }
        return Arrays.copyOfRange(shape, 2, shape.length);
    }

    /** kernel_shape, else the weight's spatial dims. */
    public static int[] kernelShape(Node node, int[] weightShape, int rank) {
        if (node.hasAttr("kernel_shape")) {
            return ints(node, "kernel_shape", rank, 1);
        }
        if (weightShape == null) {
            throw new IllegalArgumentException("kernel_shape is required");
        }
        return Arrays.copyOfRange(weightShape, 2, weightShape.length);
    }

    /**
     * The kernel's spatial dims for type inference: kernel_shape, else the weight type's spatial
     * dims; null when neither is known.
     */
    static int[] knownKernel(Node node, TensorType weight, int rank) {
        if (node.hasAttr("kernel_shape")) {
            return ints(node, "kernel_shape", rank, 1);
        }
        if (weight == null || weight.rank() != rank + 2) {
            return null;
        }
        int[] k = Arrays.copyOfRange(weight.dims(), 2, rank + 2);
        for (int d : k) {
            if (d < 0) {
                return null;
            }
        }
        return k;
    }

    /** N, C and spatial output dims for type inference; null spatial dims are unknown. */
    static int[] nchw(int batch, int channels, int[] spatialOut, int rank) {
        int[] dims = new int[rank + 2];
        dims[0] = batch;
        dims[1] = channels;
        for (int d = 0; d < rank; d++) {
            dims[d + 2] = spatialOut == null ? -1 : spatialOut[d];
        }
        return dims;
    }
}
