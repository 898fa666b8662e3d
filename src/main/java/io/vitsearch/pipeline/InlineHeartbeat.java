package io.vitsearch.pipeline;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.vitsearch.queue.HeartbeatResult;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.LeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats an evaluation job that an experiment pipeline claimed and runs on its own thread,
 * where no worker's heartbeat covers it, and remembers whether the job must stop.
 */
final class InlineHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InlineHeartbeat.class);

    private final JobQueue queue;

    private final Lease lease;

    private final Object heartbeatLock = new Object();

    private final ScheduledFuture<?> schedule;

    private volatile boolean cancelRequested;

    private volatile boolean leaseLost;

    private boolean closed;

    private InlineHeartbeat(JobQueue queue, Lease lease, ScheduledExecutorService scheduler, Duration interval) {
        this.queue = queue;
        this.lease = lease;
        long nanos = interval.toNanos();
        synchronized (heartbeatLock) {
            this.schedule = scheduler.scheduleAtFixedRate(this::heartbeat, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    static InlineHeartbeat start(JobQueue queue, Lease lease, ScheduledExecutorService scheduler, Duration interval) {
        return new InlineHeartbeat(queue, lease, scheduler, interval);
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    /** Throws when the job's cancellation was requested or its lease was lost. */
    void ensureActive() {
        if (cancelRequested || leaseLost) {
            throw new InlineJobStopped(lease, cancelRequested);
        }
    }

    /** Stops heartbeating, waiting for a heartbeat in flight so that no outcome races it. */
    @Override
    public void close() {
        synchronized (heartbeatLock) {
            closed = true;
            schedule.cancel(false);
        }
    }

    private void heartbeat() {
        synchronized (heartbeatLock) {
            if (closed) {
                return;
            }
            try {
                if (queue.heartbeat(lease) == HeartbeatResult.CANCEL_REQUESTED) {
                    cancelRequested = true;
                }
            } catch (LeaseLostException e) {
                leaseLost = true;
                schedule.cancel(false);
            } catch (RuntimeException e) {
                // Runs on a scheduler thread, where an escaping exception would end all later heartbeats.
                log.warn("Heartbeat for evaluation job {} attempt {} failed: {}; retrying at the next interval",
                        lease.jobId(), lease.attempt(), e.toString());
            }
        }
    }

    /** Raised inside an inline evaluation job that must stop while the experiment itself may go on. */
    static final class InlineJobStopped extends RuntimeException {

        private final boolean cancelled;

        InlineJobStopped(Lease lease, boolean cancelled) {
            super("Evaluation job " + lease.jobId() + " attempt " + lease.attempt()
                    + (cancelled ? " was cancelled" : " lost its lease"));
            this.cancelled = cancelled;
        }

        boolean cancelled() {
            return cancelled;
        }
    }
}
