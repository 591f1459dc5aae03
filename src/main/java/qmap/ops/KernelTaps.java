package qmap.ops;

import qmap.ir.Shapes;

/**
 * A cursor over the window positions of a {@link ConvGeometry}: after {@link #moveTo},
 * {@code offsets[t]} is the flat spatial index in the target grid of kernel tap t, or -1 where
 * the tap falls into padding. Conv and pools walk output positions and gather from the input;
 * ConvTranspose walks input positions and scatters into the output. One cursor per kernel call,
 * reused for every position, so nothing is allocated per element.
 */
final class KernelTaps {
    final int[] offsets;
    /** How many taps lie inside the padded extent (AveragePool's count_include_pad divisor). */
    int paddedCount;
    private final ConvGeometry g;
    private final int[] windowGrid;
    private final int[] target;
    private final int[] origin;
    /** Kernel tap t's coordinates, tapCoords[t * rank + d]. */
    private final int[] tapCoords;

    KernelTaps(ConvGeometry g, int[] windowGrid, int[] target) {
        this.g = g;
        this.windowGrid = windowGrid;
        this.target = target;
        this.origin = new int[windowGrid.length];
        this.offsets = new int[Shapes.size(g.kernel)];
        this.tapCoords = tapCoordinates(g.kernel);
    }

    void moveTo(int position) {
        int rank = origin.length;
        int rest = position;
        for (int d = rank - 1; d >= 0; d--) {
            origin[d] = (rest % windowGrid[d]) * g.strides[d] - g.padBegin[d];
            rest /= windowGrid[d];
        }
        paddedCount = 1;
        for (int d = 0; d < rank; d++) {
            int inside = 0;
            for (int k = 0; k < g.kernel[d]; k++) {
                int x = origin[d] + k * g.dilations[d];
                if (x >= -g.padBegin[d] && x < target[d] + g.padEnd[d]) {
                    inside++;
                }
            }
            paddedCount *= inside;
        }
        for (int t = 0; t < offsets.length; t++) {
            int flat = 0;
            for (int d = 0; d < rank; d++) {
                int x = origin[d] + tapCoords[t * rank + d] * g.dilations[d];
                if (x < 0 || x >= target[d]) {
                    flat = -1;
                    break;
                }
                flat = flat * target[d] + x;
            }
            offsets[t] = flat;
        }
    }

    private static int[] tapCoordinates(int[] kernel) {
        int rank = kernel.length;
        int taps = Shapes.size(kernel);
        int[] coords = new int[taps * rank];
        for (int t = 0; t < taps; t++) {
            int rest = t;
            for (int d = rank - 1; d >= 0; d--) {
                coords[t * rank + d] = rest % kernel[d];
                rest /= kernel[d];
            }
        }
        return coords;
    }
}
