package io.vitsearch.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.vitsearch.supernet.ComputeDevice;

/** Maps a worker's device name from {@code vitsearch.worker.devices} to the DJL device that runs its jobs. */
final class ComputeDevices {

    private static final Pattern GPU = Pattern.compile("gpu(\\d+)");

    private ComputeDevices() {
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
