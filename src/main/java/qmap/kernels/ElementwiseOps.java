package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link ElementwiseProgram}: float32 arithmetic, clipping with
 * {@code Math.max}/{@code Math.min} semantics and Relu, each giving the bits of the scalar
 * expression its fast kernel evaluates (lane operations are IEEE float32 operations).
 */
final class ElementwiseOps {
    /** The instructions, one per supported ONNX op. */
    enum Op {
        ADD, SUB, MUL, DIV, CLIP, RELU, SIGMOID, HARD_SIGMOID, HARD_SWISH, BATCH_NORM;

        static Op of(String opType) {
            return switch (opType) {
                case "Add" -> ADD;
                case "Sub" -> SUB;
                case "Mul" -> MUL;
                case "Div" -> DIV;
                case "Clip" -> CLIP;
                case "Relu" -> RELU;
                case "Sigmoid" -> SIGMOID;
                case "HardSigmoid" -> HARD_SIGMOID;
                case "HardSwish" -> HARD_SWISH;
                case "BatchNormalization" -> BATCH_NORM;
                default -> null;
            };
        }

        boolean binary() {
            return this == ADD || this == SUB || this == MUL || this == DIV;
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    private ElementwiseOps() {
    }

    /** y[yi + i] = a[ai + i] op b[bi + i] for i < n. */
    static void binary(Op op, float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
                }
                for (; i < n; i++) {
                    y[yi + i] = a[ai + i] + b[bi + i];
                }
            }
            case SUB -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ai + i).sub(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
                }
                for (; i < n; i++) {
                    y[yi + i] = a[ai + i] - b[bi + i];
                }
            }
            case MUL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
                }
                for (; i < n; i++) {
                    y[yi + i] = a[ai + i] * b[bi + i];
                }
            }
            case DIV -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ai + i).div(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
                }
                for (; i < n; i++) {
                    y[yi + i] = a[ai + i] / b[bi + i];
                }
            }
            default -> throw new IllegalArgumentException(op + " is not binary");
        }
    }

    /** y = Math.min(Math.max(a, lo), hi), NaN passing through. */
    static void clip(float[] a, int ai, float[] y, int yi, int n, float lo, float hi) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).max(vlo).min(vhi).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = Math.min(Math.max(a[ai + i], lo), hi);
        }
    }

    /** y = a < 0 ? 0 : a (NaN and -0 pass through). */
    static void relu(float[] a, int ai, float[] y, int yi, int n) {
        FloatVector zero = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ai + i);
            v.blend(zero, v.compare(VectorOperators.LT, 0f)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            float v = a[ai + i];
            y[yi + i] = v < 0 ? 0f : v;
        }
    }
}
