package io.vitsearch.worker;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.HeartbeatResult;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.LeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats one running job on a schedule, independent of the pipeline, so a pipeline that never
 * checks its {@link JobContext} still keeps its lease and still learns of a cancel request within
 * one heartbeat interval.
 */
final class LeaseKeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobQueue queue;

    private final JobContext context;

    private final Duration interval;

    private final Object heartbeatLock = new Object();

    private ScheduledFuture<?> schedule;

    private boolean closed;

    private boolean heartbeatFailing;

    private boolean warnedCancelIgnored;

    private LeaseKeeper(JobQueue queue, JobContext context, Duration interval) {
        this.queue = queue;
        this.context = context;
        this.interval = interval;
    }

    static LeaseKeeper start(JobQueue queue, JobContext context, ScheduledExecutorService scheduler, Duration interval) {
        LeaseKeeper keeper = new LeaseKeeper(queue, context, interval);
        long nanos = interval.toNanos();
        synchronized (keeper.heartbeatLock) {
            keeper.schedule = scheduler.scheduleAtFixedRate(keeper, nanos, nanos, TimeUnit.NANOSECONDS);
        }
        return keeper;
    }

    @Override
    public void run() {
        synchronized (heartbeatLock) {
            if (closed) {
                return;
            }
            heartbeat();
        }
    }

    /**
     * Stops heartbeating. Waits for a heartbeat in flight, so the job's outcome is never written
     * while a heartbeat for the same lease is still running.
     */
    void close() {
        synchronized (heartbeatLock) {
            closed = true;
            schedule.cancel(false);
        }
    }

    private void heartbeat() {
        ClaimedJob job = context.job();
        try {
            HeartbeatResult result = queue.heartbeat(job.lease());
            if (heartbeatFailing) {
                heartbeatFailing = false;
                log.info("Heartbeat for job {} attempt {} succeeded again", job.jobId(), job.attempt());
            }
            if (result == HeartbeatResult.CANCEL_REQUESTED) {
                onCancelRequested(job);
            }
        } catch (LeaseLostException e) {
            // The queue has logged the lease's current holder; heartbeating again cannot help.
            closed = true;
            schedule.cancel(false);
            context.markLeaseLost();
        } catch (RuntimeException e) {
            // Runs on a scheduler thread: an escaping exception would silently end all later heartbeats.
            if (!heartbeatFailing) {
                heartbeatFailing = true;
                log.warn("Heartbeat for job {} attempt {} failed: {}. Retrying every {}; the lease expires unless "
                        + "one succeeds in time", job.jobId(), job.attempt(), e.toString(), interval);
            } else {
                log.debug("Heartbeat for job {} attempt {} failed again: {}", job.jobId(), job.attempt(), e.toString());
            }
        }
    }

    private void onCancelRequested(ClaimedJob job) {
        if (!context.isCancelRequested()) {
            log.info("Cancellation requested for job {} (kind {}, experiment {}) attempt {}; stopping its pipeline",
                    job.jobId(), job.kind(), job.experimentId(), job.attempt());
            context.requestCancel();
            return;
        }
        if (!warnedCancelIgnored) {
            warnedCancelIgnored = true;
            log.warn("Pipeline for job {} (kind {}) is still running one heartbeat after its cancel request and "
                    + "interrupt; the worker keeps the lease and stays busy until the pipeline returns",
                    job.jobId(), job.kind());
        }
    }
}
