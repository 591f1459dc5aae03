package qmap.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * Turns a node written for any opset into qmap's canonical form: the operator's latest form,
 * where values that older opsets passed as attributes (Clip min/max, Slice starts/ends,
 * Squeeze/Unsqueeze/Reduce axes, Split sizes, Pad pads, Reshape shape) are constant inputs,
 * Upsample is Resize, and legacy broadcasting (including PRelu's per-channel slope) and
 * 2-D-coercing Softmax are rewritten. Nothing after the importer sees an opset version.
 */
final class Canonicalizer {
    /** What the canonicalizer may ask of the graph being imported. */
    interface Context {
        /** The declared rank of a value, or -1 when the model does not say. */
        int declaredRank(String value);

        /** The declared element type of a value, or null. */
        DType declaredType(String value);

        /** Adds a constant tensor and returns its (fresh) value name. */
        String addConstant(String hint, Tensor value);

        /** A value or node name not used anywhere in the model. */
        String freshName(String hint);

        /** The value of an initializer or Constant output, or null when it is not a constant. */
        Tensor constant(String value);
    }

    private static final Set<String> REDUCE_OPS = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
            "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ReduceSum");
    private static final Set<String> LEGACY_BROADCAST_OPS = Set.of("Add", "Sub", "Mul", "Div", "Pow", "And", "Or",
            "Xor", "Equal", "Greater", "Less");

    private Canonicalizer() {
    }

    /** The canonical node(s) for {@code node} imported at opset {@code v} of the default domain. */
    static List<Node> canonicalize(Node node, long v, Context ctx) {
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            return List.of(node);
        }
        Node.Builder b = node.toBuilder().domain("").removeAttr("consumed_inputs");
        String op = node.opType();
        if (REDUCE_OPS.contains(op) && v < (op.equals("ReduceSum") ? 13 : 18)) {
            moveIntsToInput(node, b, "axes", 1, ctx);
        } else if (LEGACY_BROADCAST_OPS.contains(op) && v < 7) {
            return legacyBroadcast(node, b, ctx);
        }
        switch (op) {
            case "Clip" -> {
                if (v < 11) {
                    DType t = orFloat(ctx.declaredType(node.input(0)));
                    b.removeAttr("min").removeAttr("max");
                    b.input(1, ctx.addConstant(node.name() + "_min",
                            scalar(t, node.attrFloat("min", Float.NEGATIVE_INFINITY))));
                    b.input(2, ctx.addConstant(node.name() + "_max",
                            scalar(t, node.attrFloat("max", Float.POSITIVE_INFINITY))));
                }
            }
            case "Slice" -> {
                if (v < 10) {
                    b.removeAttr("starts").removeAttr("ends").removeAttr("axes");
                    b.input(1, ctx.addConstant(node.name() + "_starts", ints(node.attrInts("starts", new long[0]))));
                    b.input(2, ctx.addConstant(node.name() + "_ends", ints(node.attrInts("ends", new long[0]))));
                    if (node.hasAttr("axes")) {
                        b.input(3, ctx.addConstant(node.name() + "_axes", ints(node.attrInts("axes", null))));
                    }
                }
            }
            case "Squeeze", "Unsqueeze" -> {
                if (v < 13) {
                    moveIntsToInput(node, b, "axes", 1, ctx);
                }
            }
            case "Split" -> {
                if (v < 13) {
                    moveIntsToInput(node, b, "split", 1, ctx);
                }
            }
            case "Reshape" -> {
                if (v < 5) {
                    moveIntsToInput(node, b, "shape", 1, ctx);
                }
            }
            case "Pad" -> {
                if (v < 11) {
                    long[] pads = node.attrInts("pads", node.attrInts("paddings", new long[0]));
                    DType t = orFloat(ctx.declaredType(node.input(0)));
                    b.removeAttr("pads").removeAttr("paddings").removeAttr("value");
                    b.input(1, ctx.addConstant(node.name() + "_pads", ints(pads)));
                    b.input(2, ctx.addConstant(node.name() + "_value", scalar(t, node.attrFloat("value", 0f))));
                }
            }
            case "Upsample" -> {
                return List.of(upsampleToResize(node, v, ctx));
            }
            case "Resize" -> {
                if (v < 11) {
                    return legacyResize(node, b, ctx);
                }
            }
            case "Dropout" -> {
                if (v < 12) {
                    b.removeAttr("ratio").removeAttr("is_test");
                }
            }
            case "BatchNormalization" -> {
                if (v < 9) {
                    b.removeAttr("spatial").removeAttr("is_test");
                }
            }
            case "Gemm" -> {
                if (v < 7) {
                    b.removeAttr("broadcast");
                }
            }
            case "Cast" -> {
                Attribute to = node.attr("to");
                if (to != null && to.kind() == Attribute.Kind.STRING) {
                    b.attr("to", Attribute.ofInt(DType.valueOf(to.asString().toUpperCase(Locale.ROOT)).onnxCode()));
                }
            }
            case "Concat" -> {
                if (!node.hasAttr("axis")) {
                    b.attr("axis", Attribute.ofInt(1));
                }
            }
            case "PRelu" -> {
                if (v < 7) {
                    return legacyPRelu(node, b, ctx);
                }
            }
            case "Softmax", "LogSoftmax", "Hardmax" -> {
                if (v < 13) {
                    return legacySoftmax(node, ctx);
                }
            }
            default -> { }
        }
        return List.of(b.build());
    }

    private static DType orFloat(DType t) {
        return t == null ? DType.FLOAT : t;
    }

    private static Tensor scalar(DType t, float value) {
        return Tensor.fromDoubles(t, new int[0], new double[] {value});
    }

    private static Tensor ints(long[] values) {
        return Tensor.ofLongs(new int[] {values.length}, values.clone());
    }

    private static void moveIntsToInput(Node node, Node.Builder b, String attr, int index, Canonicalizer.Context ctx) {
        long[] values = node.attrInts(attr, null);
        b.removeAttr(attr);
        if (values != null) {
            b.input(index, ctx.addConstant(node.name() + "_" + attr, ints(values)));
        }
    }

    /** Upsample (opset 7: scales attribute; 9: scales input) is Resize with asymmetric coordinates. */
    private static Node upsampleToResize(Node node, long v, Context ctx) {
        String mode = node.attrString("mode", "nearest");
        if (mode.equals("bilinear")) {
            mode = "linear";
        }
        String scales = node.hasAttr("scales")
                ? ctx.addConstant(node.name() + "_scales", floats(node.attrFloats("scales", null)))
                : node.input(1);
        return Node.builder("Resize").name(node.name()).inputs(node.input(0), "", scales).outputs(node.outputs())
                .attr("mode", Attribute.ofString(mode))
                .attr("coordinate_transformation_mode", Attribute.ofString("asymmetric"))
                .attr("nearest_mode", Attribute.ofString("floor"))
                .build();
    }

    /**
     * Resize-10 maps coordinates asymmetrically, and in nearest mode ONNX Runtime rounds the
     * source coordinate down along an upsampled axis but up along a downsampled one. The
     * canonical form has one nearest_mode, so constant scales that mix both become two Resize
     * nodes (nearest is separable); scales only known at run time are taken as upsampling.
     */
    private static List<Node> legacyResize(Node node, Node.Builder b, Context ctx) {
        b.inputs(node.input(0), "", node.input(1));
        b.attr("coordinate_transformation_mode", Attribute.ofString("asymmetric"));
        Tensor scales = ctx.constant(node.input(1));
        float[] s = scales == null || !node.attrString("mode", "nearest").equals("nearest")
                ? new float[0] : scales.toFloats();
        float[] down = new float[s.length];
        float[] up = new float[s.length];
        boolean anyDown = false;
        boolean anyUp = false;
        for (int i = 0; i < s.length; i++) {
            down[i] = s[i] < 1 ? s[i] : 1f;
            up[i] = s[i] > 1 ? s[i] : 1f;
            anyDown |= s[i] < 1;
            anyUp |= s[i] > 1;
        }
        if (!(anyDown && anyUp)) {
            return List.of(b.attr("nearest_mode", Attribute.ofString(anyDown ? "ceil" : "floor")).build());
        }
        String shrunk = ctx.freshName(node.output(0) + "_downsampled");
        Node first = b.name(ctx.freshName(node.name() + "_down")).outputs(shrunk)
                .input(2, ctx.addConstant(node.name() + "_down_scales", floats(down)))
                .attr("nearest_mode", Attribute.ofString("ceil")).build();
        Node second = b.name(node.name()).inputs(shrunk, "", ctx.addConstant(node.name() + "_up_scales", floats(up)))
                .outputs(node.outputs()).attr("nearest_mode", Attribute.ofString("floor")).build();
        return List.of(first, second);
    }

    private static Tensor floats(float[] values) {
        return Tensor.ofFloats(new int[] {values.length}, values.clone());
    }

    /**
     * Opset 1-6 binary ops broadcast only with broadcast=1, aligning B at {@code axis} of A. The
     * canonical form is numpy broadcasting, so B gets trailing unit dims when needed.
     */
    private static List<Node> legacyBroadcast(Node node, Node.Builder b, Context ctx) {
        b.removeAttr("broadcast").removeAttr("axis");
        if (node.attrInt("broadcast", 0) == 0 || !node.hasAttr("axis")) {
            return List.of(b.build());
        }
        int rankA = ctx.declaredRank(node.input(0));
        int rankB = ctx.declaredRank(node.input(1));
        long axis = node.attrInt("axis", 0);
        if (rankA < 0 || rankB < 0) {
            return List.of(b.build());
        }
        if (axis < 0) {
            axis += rankA;
        }
        return appendUnitDims(node, b, rankB, (int) (rankA - axis - rankB), ctx);
    }

    /**
     * Before opset 7, PRelu's slope of shape [C] applies along the channel axis 1. The canonical
     * form broadcasts numpy-style, so the slope becomes [C, 1, ..., 1].
     */
    private static List<Node> legacyPRelu(Node node, Node.Builder b, Context ctx) {
        int rankX = ctx.declaredRank(node.input(0));
        if (ctx.declaredRank(node.input(1)) != 1 || rankX < 3) {
            return List.of(b.build());
        }
        return appendUnitDims(node, b, 1, rankX - 2, ctx);
    }

    /** Gives input 1 (of rank {@code rank}) {@code count} trailing unit dims through an Unsqueeze. */
    private static List<Node> appendUnitDims(Node node, Node.Builder b, int rank, int count, Context ctx) {
        if (count <= 0) {
            return List.of(b.build());
        }
        long[] axes = new long[count];
        for (int i = 0; i < count; i++) {
            axes[i] = rank + i;
        }
        String unsqueezed = ctx.freshName(node.input(1) + "_aligned");
        Node unsqueeze = Node.builder("Unsqueeze").name(ctx.freshName(node.name() + "_align"))
                .inputs(node.input(1), ctx.addConstant(node.name() + "_align_axes", ints(axes)))
                .outputs(unsqueezed).build();
        b.input(1, unsqueezed);
        return List.of(unsqueeze, b.build());
    }

    /**
     * Before opset 13, Softmax-like ops flatten the input to 2-D at {@code axis} (default 1) and
     * normalize each row. When the axis is the last one that is the same as the modern form;
     * otherwise the rewrite is Flatten, Softmax over the last axis, and Reshape back.
     */
    private static List<Node> legacySoftmax(Node node, Context ctx) {
        long axis = node.attrInt("axis", 1);
        int rank = ctx.declaredRank(node.input(0));
        if (axis < 0 && rank >= 0) {
            axis += rank;
        }
        if (rank >= 0 && axis == rank - 1) {
            return List.of(node.toBuilder().attr("axis", Attribute.ofInt(-1)).build());
        }
        String flat = ctx.freshName(node.name() + "_2d");
        String soft = ctx.freshName(node.name() + "_rows");
        String shape = ctx.freshName(node.name() + "_shape");
        List<Node> out = new ArrayList<>();
        out.add(Node.builder("Shape").name(ctx.freshName(node.name() + "_shape")).inputs(node.input(0))
                .outputs(shape).build());
        out.add(Node.builder("Flatten").name(ctx.freshName(node.name() + "_flatten")).inputs(node.input(0))
                .outputs(flat).attr("axis", Attribute.ofInt(axis)).build());
        out.add(Node.builder(node.opType()).name(node.name()).inputs(flat).outputs(soft)
                .attr("axis", Attribute.ofInt(-1)).build());
        out.add(Node.builder("Reshape").name(ctx.freshName(node.name() + "_unflatten")).inputs(soft, shape)
                .outputs(node.outputs()).build());
        return out;
    }
}
