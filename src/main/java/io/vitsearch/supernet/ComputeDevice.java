package io.vitsearch.supernet;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Choice of the device and CPU threads that supernet work runs on. */
public final class ComputeDevice {

    private ComputeDevice() {
    }

    /** Returns the first GPU when the PyTorch engine detects one, otherwise the CPU. */
    public static Device preferred() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * Sets the number of threads libtorch uses inside one op (matrix products, element-wise work)
     * for the whole process.
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1; got " + threads);
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    public static int intraOpThreads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
