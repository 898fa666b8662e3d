package io.vitsearch.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.Lease;
import io.vitsearch.queue.LeaseLostException;
import io.vitsearch.queue.QueueProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Claims jobs for one device and runs them one at a time: claim, run the pipeline for the job's
 * kind while a {@link LeaseKeeper} heartbeats, then record the outcome (complete, fail, or
 * acknowledge a cancel). It waits one poll interval whenever no job is due.
 *
 * <p>On shutdown it stops claiming and gives a running job the shutdown grace to finish. After that
 * it stops heartbeating and interrupts the pipeline without recording an outcome, so the lease
 * expires and another worker retries the job.
 */
public class Worker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** Longer error texts are cut: the column is for the reason, and the log keeps the stack trace. */
    static final int MAX_ERROR_LENGTH = 2000;

    private final String device;

    private final String workerId;

    private final JobQueue queue;

    private final Map<String, Pipeline> pipelinesByKind;

    private final WorkerProperties properties;

    private final Object lifecycleLock = new Object();

    private volatile boolean stopping;

    private volatile RunningJob current;

    private volatile CountDownLatch stopSignal = new CountDownLatch(1);

    private Thread pollThread;

    private ScheduledExecutorService heartbeatScheduler;

    private boolean running;

    private boolean claimFailing;

    public Worker(String device, JobQueue queue, List<Pipeline> pipelines, WorkerProperties properties,
            QueueProperties queueProperties) {
        if (properties.heartbeatInterval().multipliedBy(2).compareTo(queueProperties.leaseDuration()) > 0) {
            throw new IllegalArgumentException("vitsearch.worker.heartbeat-interval (" + properties.heartbeatInterval()
                    + ") must be at most half of vitsearch.queue.lease-duration (" + queueProperties.leaseDuration()
                    + "), so that one failed heartbeat does not lose the lease");
        }
        this.device = device;
        this.workerId = hostName() + "/" + ProcessHandle.current().pid() + "/" + device;
        this.queue = queue;
        this.pipelinesByKind = indexByKind(pipelines);
        this.properties = properties;
    }

    private static Map<String, Pipeline> indexByKind(List<Pipeline> pipelines) {
        Map<String, Pipeline> byKind = new LinkedHashMap<>();
        for (Pipeline pipeline : pipelines) {
            Pipeline previous = byKind.putIfAbsent(pipeline.kind(), pipeline);
            if (previous != null) {
                throw new IllegalArgumentException("Two pipelines run job kind '" + pipeline.kind() + "': "
                        + previous.getClass().getName() + " and " + pipeline.getClass().getName()
                        + ". Give each kind exactly one Pipeline bean.");
            }
        }
        return Map.copyOf(byKind);
    }

    /** Returns the lease owner this worker writes into claimed jobs: host, process id and device. */
    public String workerId() {
        return workerId;
    }

    public String device() {
        return device;
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            running = true;
            if (pipelinesByKind.isEmpty()) {
                log.warn("Worker {} has no Pipeline beans, so it claims no jobs", workerId);
                return;
            }
            stopping = false;
            stopSignal = new CountDownLatch(1);
            heartbeatScheduler = Executors.newSingleThreadScheduledExecutor(
                    daemonThreads("worker-" + device + "-heartbeat"));
            pollThread = daemonThreads("worker-" + device).newThread(this::pollLoop);
            pollThread.start();
        }
    }

    /** Stops on its own thread, so that the workers of several devices shut down in parallel. */
    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "worker-" + device + "-stop");
        stopper.start();
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            if (!running) {
                return;
            }
            stopping = true;
            stopSignal.countDown();
            if (pollThread != null) {
                awaitPollThread();
                heartbeatScheduler.shutdownNow();
                pollThread = null;
            }
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycleLock) {
            return running;
        }
    }

    private void awaitPollThread() {
        try {
            pollThread.join(properties.shutdownGrace().toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pollThread.isAlive()) {
            log.info("Worker {} stopped", workerId);
            return;
        }

        RunningJob job = current;
        if (job == null) {
            log.warn("Worker {} did not stop within the shutdown grace of {} while it held no job; its poll thread "
                    + "is likely blocked in a database call", workerId, properties.shutdownGrace());
            return;
        }
        job.keeper().close();
        job.context().markWorkerStopping();
        log.warn("Worker {} stopped after the shutdown grace of {} with job {} (kind {}) attempt {} still running; "
                        + "its lease expires and another worker retries the job",
                workerId, properties.shutdownGrace(), job.context().jobId(), job.context().job().kind(),
                job.context().job().attempt());
    }

    private void pollLoop() {
        log.info("Worker {} started on device {}, claiming job kinds {}", workerId, device, pipelinesByKind.keySet());
        try {
            claimAndRunUntilStopped();
        } catch (RuntimeException | Error e) {
            log.error("Worker {} stopped unexpectedly and claims no more jobs; restart the process to recover", workerId, e);
            throw e;
        }
    }

    private void claimAndRunUntilStopped() {
        while (!stopping) {
            Optional<ClaimedJob> job = claimNext();
            if (job.isEmpty()) {
                awaitStopSignal(properties.pollInterval());
                continue;
            }

            runJob(job.get());
        }
    }

    private Optional<ClaimedJob> claimNext() {
        try {
            Optional<ClaimedJob> job = queue.claim(workerId, pipelinesByKind.keySet());
            if (claimFailing) {
                claimFailing = false;
                log.info("Worker {} can claim jobs again", workerId);
            }
            if (job.isEmpty()) {
                log.debug("Worker {} found no due job; polling again in {}", workerId, properties.pollInterval());
            }
            return job;
        } catch (RuntimeException e) {
            // Log the first failure of a streak at WARN, so an unreachable database does not flood the log.
            if (!claimFailing) {
                claimFailing = true;
                log.warn("Worker {} could not claim a job; retrying every {}", workerId, properties.pollInterval(), e);
            } else {
                log.debug("Worker {} could not claim a job again: {}", workerId, e.toString());
            }
            return Optional.empty();
        }
    }

    private void runJob(ClaimedJob job) {
        Pipeline pipeline = pipelinesByKind.get(job.kind());
        JobContext context = new JobContext(job, device);
        LeaseKeeper keeper = LeaseKeeper.start(queue, context, heartbeatScheduler, properties.heartbeatInterval());
        current = new RunningJob(context, keeper);

        Throwable failure = runPipeline(pipeline, context);

        keeper.close();
        current = null;
        recordOutcome(context, failure);
    }

    /** Runs the pipeline and returns what it threw, or null when it returned. */
    private static Throwable runPipeline(Pipeline pipeline, JobContext context) {
        context.attachRunner(Thread.currentThread());
        try {
            pipeline.run(context);
            return null;
        } catch (Exception | Error e) {
            // Errors too: the job must leave RUNNING and the worker must keep polling.
            return e;
        } finally {
            context.detachRunner();
            // A cancel interrupt that arrived late must not fail the database calls that follow.
            Thread.interrupted();
        }
    }

    private void recordOutcome(JobContext context, Throwable failure) {
        ClaimedJob job = context.job();
        Lease lease = job.lease();
        if (context.isWorkerStopping()) {
            log.warn("Worker {} is shutting down and leaves job {} attempt {} unrecorded{}; its lease expires and "
                    + "another worker retries the job", workerId, job.jobId(), job.attempt(),
                    failure == null ? "" : " (the pipeline ended with " + failure + ")");
            return;
        }
        if (context.isLeaseLost()) {
            log.warn("Worker {} discards the outcome of job {} attempt {} because its lease was lost",
                    workerId, job.jobId(), job.attempt());
            return;
        }

        try {
            if (context.isCancelRequested()) {
                if (failure != null) {
                    log.debug("Pipeline for job {} stopped on a cancel request with {}", job.jobId(), failure.toString());
                }
                queue.acknowledgeCancel(lease);
                return;
            }
            if (failure == null) {
                queue.complete(lease);
                return;
            }

            boolean retryable = !isNonRetryable(failure);
            log.warn("Pipeline {} failed on job {} (experiment {}) attempt {} of {}{}", job.kind(), job.jobId(),
                    job.experimentId(), job.attempt(), job.maxAttempts(), retryable ? "" : " and is not retryable",
                    failure);
            queue.fail(lease, describe(failure), retryable);
        } catch (LeaseLostException e) {
            // The queue has logged the lease's current holder; the other attempt decides the outcome.
            log.debug("Outcome of job {} attempt {} rejected: {}", job.jobId(), job.attempt(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Worker {} could not record the outcome of job {} attempt {}; the job stays RUNNING until "
                    + "its lease expires and is then retried", workerId, job.jobId(), job.attempt(), e);
        }
    }

    private static boolean isNonRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NonRetryableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Returns the exception class and message of the failure and of each cause, for the job's last error. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && cause != failure && depth < 10; depth++) {
            text.append(" (caused by ").append(cause).append(')');
            cause = cause.getCause();
        }
        if (text.length() > MAX_ERROR_LENGTH) {
            text.setLength(MAX_ERROR_LENGTH - 3);
            text.append("...");
        }
        return text.toString();
    }

    private void awaitStopSignal(Duration timeout) {
        try {
            stopSignal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private record RunningJob(JobContext context, LeaseKeeper keeper) {
    }
}
