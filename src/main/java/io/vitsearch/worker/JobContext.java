package io.vitsearch.worker;

import java.util.UUID;

import io.vitsearch.queue.ClaimedJob;

/**
 * A running {@link Pipeline}'s view of its job: the claimed job, the worker's device, and whether
 * it must stop. Workers create one per attempt; a test may create one to run a pipeline directly.
 */
public final class JobContext {

    private final ClaimedJob job;

    private final String device;

    private final Object runnerLock = new Object();

    private volatile boolean cancelRequested;

    private volatile boolean leaseLost;

    private volatile boolean workerStopping;

    /** The thread running the pipeline, or null outside {@link Pipeline#run}; interrupts go only to it. */
    private Thread runner;

    public JobContext(ClaimedJob job, String device) {
        this.job = job;
        this.device = device;
    }

    public ClaimedJob job() {
        return job;
    }

    public UUID jobId() {
        return job.jobId();
    }

    public UUID experimentId() {
        return job.experimentId();
    }

    /** Returns the job's JSON payload as enqueued, or null. */
    public String payload() {
        return job.payload();
    }

    /** Returns the device of the worker running the job, for example {@code cpu} or {@code gpu0}. */
    public String device() {
        return device;
    }

    /** Returns whether the job's cancellation was requested; the job ends CANCELLED once the pipeline stops. */
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /**
     * Returns whether the pipeline must stop: cancellation was requested, the lease was lost to another
     * worker, or the worker is shutting down and its grace period has passed.
     */
    public boolean isStopRequested() {
        return cancelRequested || leaseLost || workerStopping;
    }

    /** Throws {@link CancelledException} when the pipeline must stop, and does nothing otherwise. */
    public void ensureActive() {
        if (cancelRequested) {
            throw new CancelledException("Job " + jobId() + " was cancelled");
        }
        if (leaseLost) {
            throw new CancelledException("Job " + jobId() + " attempt " + job.attempt()
                    + " lost its lease; another attempt owns the job now");
        }
        if (workerStopping) {
            throw new CancelledException("Worker on " + device + " is shutting down; job " + jobId()
                    + " is retried after its lease expires");
        }
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    boolean isWorkerStopping() {
        return workerStopping;
    }

    void requestCancel() {
        cancelRequested = true;
        interruptRunner();
    }

    void markLeaseLost() {
        leaseLost = true;
        interruptRunner();
    }

    void markWorkerStopping() {
        workerStopping = true;
        interruptRunner();
    }

    void attachRunner(Thread thread) {
        synchronized (runnerLock) {
            runner = thread;
        }
    }

    /**
     * Forgets the runner thread. Interrupts are sent only under the same lock while a runner is set,
     * so once this returns the caller can clear its interrupt status and no interrupt arrives later.
     */
    void detachRunner() {
        synchronized (runnerLock) {
            runner = null;
        }
    }

    private void interruptRunner() {
        synchronized (runnerLock) {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }
}
