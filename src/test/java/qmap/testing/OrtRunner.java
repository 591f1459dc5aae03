package qmap.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Tensor;

/** ONNX Runtime (Java) as the reference qmap must agree with: runs model bytes on qmap tensors. */
public final class OrtRunner {
    private OrtRunner() {
    }

    public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs, int threads) {
        return run(model, inputs, threads, Map.of());
    }

    /** As {@link #run(byte[], Map, int)} with session config entries (e.g. "session.qdqisint8allowed"). */
    public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs, int threads,
                                         Map<String, String> config) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            if (!config.isEmpty()) {
                opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            }
            for (Map.Entry<String, String> e : config.entrySet()) {
                opts.addConfigEntry(e.getKey(), e.getValue());
            }
            try (OrtSession session = env.createSession(model, opts)) {
                Map<String, OnnxTensor> feeds = new HashMap<>();
                try {
                    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                        feeds.put(e.getKey(), toOrt(env, e.getValue()));
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    try (OrtSession.Result r = session.run(feeds)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue()));
                        }
                    }
                    return out;
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = new long[t.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.shape()[i];
        }
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), shape);
            case UINT8, INT8 -> {
                ByteBuffer b = ByteBuffer.allocateDirect(t.size());
                for (long v : t.longs()) {
                    b.put((byte) v);
                }
                b.rewind();
                yield OnnxTensor.createTensor(env, b, shape,
                        t.dtype() == DType.UINT8 ? ai.onnxruntime.OnnxJavaType.UINT8 : ai.onnxruntime.OnnxJavaType.INT8);
            }
            default -> throw new IllegalArgumentException("OrtRunner: unsupported input type " + t.dtype());
        };
    }

    static Tensor fromOrt(OnnxTensor t) {
        long[] s = t.getInfo().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                return Tensor.ofFloats(shape, v);
            }
            case INT64 -> {
                LongBuffer lb = t.getLongBuffer();
                long[] v = new long[lb.remaining()];
                lb.get(v);
                return Tensor.ofLongs(shape, v);
            }
            case INT8, UINT8 -> {
                ByteBuffer bb = t.getByteBuffer();
                long[] v = new long[bb.remaining()];
                for (int i = 0; i < v.length; i++) {
                    byte b = bb.get(i);
                    v[i] = t.getInfo().type == ai.onnxruntime.OnnxJavaType.UINT8 ? b & 0xFF : b;
                }
                return Tensor.of(t.getInfo().type == ai.onnxruntime.OnnxJavaType.UINT8 ? DType.UINT8 : DType.INT8,
                        shape, v);
            }
            case INT16 -> {
                java.nio.ShortBuffer sb = t.getShortBuffer();
                long[] v = new long[sb.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = sb.get(i);
                }
                return Tensor.of(DType.INT16, shape, v);
            }
            default -> throw new IllegalArgumentException("OrtRunner: unsupported output type " + t.getInfo().type);
        }
    }
}
