package io.vitsearch.worker;

/**
 * The work behind one job kind. A worker runs the pipeline whose {@link #kind()} matches the claimed
 * job, on the worker's own thread, while a background heartbeat keeps the job's lease.
 *
 * <p>A pipeline should call {@link JobContext#ensureActive()} or {@link JobContext#isStopRequested()}
 * between steps (each batch, each evaluated subnet) and stop when asked. It may stop by throwing
 * {@link CancelledException} or by returning; when cancellation was requested the job ends CANCELLED
 * either way. A pipeline that never checks is interrupted instead, which only stops it while it
 * blocks in interruptible calls such as {@link Thread#sleep} or {@link Object#wait}.
 */
public interface Pipeline {

    /** The job kind this pipeline runs; one pipeline per kind. */
    String kind();

    /**
     * Runs the job. Throwing fails the attempt: the job is retried until it has used its attempts,
     * unless the exception is a {@link NonRetryableException} or has one among its causes.
     */
    void run(JobContext context) throws Exception;
}
