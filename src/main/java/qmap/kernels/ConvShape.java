package qmap.kernels;

import qmap.ops.ConvGeometry;

/** A 2-D convolution window as plain ints: input and output extents, kernel, strides, dilations, begin pads. */
final class ConvShape {
    final int h;
    final int w;
    final int oh;
    final int ow;
    final int kh;
    final int kw;
    final int sh;
    final int sw;
    final int dh;
    final int dw;
    final int padTop;
    final int padLeft;

    ConvShape(ConvGeometry g) {
        h = g.in[0];
        w = g.in[1];
        oh = g.out[0];
        ow = g.out[1];
        kh = g.kernel[0];
        kw = g.kernel[1];
        sh = g.strides[0];
        sw = g.strides[1];
        dh = g.dilations[0];
        dw = g.dilations[1];
        padTop = g.padBegin[0];
        padLeft = g.padBegin[1];
    }

    int taps() {
        return kh * kw;
    }

    /** A 1x1 window that reads the input in place: stride 1, no padding. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0 && oh == h && ow == w;
    }
}
