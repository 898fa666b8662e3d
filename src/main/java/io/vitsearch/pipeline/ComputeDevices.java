package io.vitsearch.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.vitsearch.supernet.ComputeDevice;

/** Maps a worker's device name from {@code vitsearch.worker.devices} to the DJL device that runs its jobs. */
final class ComputeDevices {

    private static final Pattern GPU = Pattern.compile("gpu(\\d+)");

    private ComputeDevices() {
    }

    /**
     * Turns off autograd recording on the calling thread. libtorch keeps the grad mode per thread
     * and DJL's PyTorch engine (0.36) turns it off only on the thread that loads the engine, while
     * a gradient collector restores the mode it found. A worker thread would otherwise record
     * autograd history in every evaluation, and the optimizer's in-place update of the supernet
     * weights after a training step fails with "a view of a leaf Variable that requires grad is
     * being used in an in-place operation".
     */
    static void disableGradientsOnThisThread() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /**
     * Returns the device for a worker: {@code cpu} takes the preferred device (the first GPU when
     * one is present), {@code gpuN} the GPU with index N.
     *
     * @throws IllegalStateException when the GPU is missing; the job is retried, possibly by a
     *     worker whose device exists
     * @throws IllegalArgumentException when the name is neither {@code cpu} nor {@code gpuN}
     */
    static Device forWorker(String workerDevice) {
        if ("cpu".equals(workerDevice)) {
            return ComputeDevice.preferred();
        }
        Matcher gpu = GPU.matcher(workerDevice == null ? "" : workerDevice);
        if (!gpu.matches()) {
            throw new IllegalArgumentException("worker device '" + workerDevice
                    + "' is neither cpu nor gpuN; fix vitsearch.worker.devices");
        }
        int index = Integer.parseInt(gpu.group(1));
        int available = Engine.getInstance().getGpuCount();
        if (index >= available) {
            throw new IllegalStateException("worker device " + workerDevice + " needs GPU " + index + " but the "
                    + "PyTorch engine sees " + available + " GPUs; fix vitsearch.worker.devices on this machine");
        }
        return Device.gpu(index);
    }
}
