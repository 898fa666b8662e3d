package io.vitsearch.worker;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vitsearch.queue.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sweeps expired leases on a schedule, so a crashed worker's job returns to the queue even while
 * every live worker is busy. One per worker process; several processes sweeping at once is safe
 * because the queue skips rows that another sweep has locked.
 */
public class LeaseReclaimer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseReclaimer.class);

    private final JobQueue queue;

    private final WorkerProperties properties;

    private ScheduledExecutorService scheduler;

    private boolean failing;

    public LeaseReclaimer(JobQueue queue, WorkerProperties properties) {
        this.queue = queue;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-reclaimer");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = properties.reclaimInterval().toNanos();
        scheduler.scheduleWithFixedDelay(this::reclaim, 0, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Runs one sweep; the queue logs each reclaimed job. */
    void reclaim() {
        try {
            List<UUID> reclaimed = queue.reclaimExpiredLeases();
            if (failing) {
                failing = false;
                log.info("Reclaiming expired leases works again");
            }
            log.debug("Lease sweep reclaimed {} jobs", reclaimed.size());
        } catch (RuntimeException e) {
            // Runs on a scheduler thread: an escaping exception would silently end all later sweeps.
            if (!failing) {
                failing = true;
                log.warn("Could not reclaim expired leases; retrying every {}", properties.reclaimInterval(), e);
            } else {
                log.debug("Could not reclaim expired leases again: {}", e.toString());
            }
        }
    }
}
