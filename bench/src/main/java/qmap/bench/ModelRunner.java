package qmap.bench;

import qmap.ir.Tensor;

/** Runs a one-input model and returns its first output's values; {@link #run} may be called from several threads. */
public interface ModelRunner extends AutoCloseable {
    float[] run(Tensor input);

    @Override
    void close();
}
