package qmap.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * ONNX Runtime Java (CPU, one intra-op thread per call; callers run samples in parallel) on a model
 * file, with its default graph optimizations (which fuse QDQ groups into integer kernels) or none.
 */
public final class OrtRunner implements ModelRunner {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    public OrtRunner(Path file, boolean optimize) {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            if (!optimize) {
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            }
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            session = env.createSession(Files.readAllBytes(file), opts);
            input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    @Override
    public float[] run(Tensor x) {
        long[] shape = new long[x.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = x.shape()[i];
        }
        try (OnnxTensor in = toOrt(x, shape); OrtSession.Result r = session.run(Map.of(input, in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private OnnxTensor toOrt(Tensor x, long[] shape) throws OrtException {
        if (x.dtype() == DType.FLOAT) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(x.floats()), shape);
        }
        if (x.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("unsupported input type " + x.dtype());
        }
        long[] v = x.longs();
        ByteBuffer b = ByteBuffer.allocateDirect(v.length);
        for (long e : v) {
            b.put((byte) e);
        }
        b.rewind();
        return OnnxTensor.createTensor(env, b, shape, OnnxJavaType.UINT8);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
