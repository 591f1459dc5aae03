package qmap.kernels;

import qmap.ops.Workspace;

/**
 * Dense and grouped 2-D convolution without an im2col matrix: per image and group one
 * {@link DirectGemm} product of W's rows with the input laid out as padded phase planes
 * ({@link PhasePlanes}; a 1x1 window at stride 1 without padding reads the input in place), where
 * sixteen consecutive outputs of a row read sixteen consecutive floats for every window tap.
 */
final class DirectConv {
    private DirectConv() {
    }

    /** B of one image and group: the operand for {@code channels} input planes from {@code base}. */
    interface Operands {
        DirectGemm.Operand of(int base, int channels);
    }

    /**
     * y (N x maps x OH x OW) = conv(x, W) + bias for W given as {@link MicroKernel#pack} panels per
     * group, B of each image and group from {@code x}; then the epilogue (null for none) on each
     * finished span of an output channel.
     */
    static void run(Operands x, float[][] panels, float[] bias, float[] y, int batch, int channels, int maps,
                    int group, ConvShape s, Workspace workspace, Epilogue epilogue) {
        int groupChannels = channels / group;
        int groupMaps = maps / group;
        int plane = s.oh * s.ow;
        // a pointwise product's positions are the whole plane, one long output row
        int width = s.pointwise() ? plane : s.ow;
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < group; g++) {
                DirectGemm.Operand b = x.of((n * channels + g * groupChannels) * s.h * s.w, groupChannels);
                DirectGemm.Output c = new DirectGemm.Output(y, (n * maps + g * groupMaps) * plane, plane, width);
                DirectGemm.multiply(panels[g], groupMaps, b, bias, g * groupMaps, c, workspace.pool(), epilogue);
            }
        }
    }
}
