package io.vitsearch.experiment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.SpecJson;
import io.vitsearch.queue.JobQueue;
import io.vitsearch.queue.JobState;
import io.vitsearch.queue.JobView;
import io.vitsearch.queue.NewJob;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submits, lists, cancels and retries experiments. Every change to an experiment and to its jobs
 * happens in one transaction. Row locks are taken job first, then experiment, the same order as a
 * worker's claim, so a cancel racing a claim waits instead of deadlocking.
 */
@Service
public class ExperimentService {

    /** Kind of the job that runs a whole experiment's pipeline; workers claim jobs by kind. */
    public static final String JOB_KIND = "experiment";

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final ExperimentRepository repository;

    private final JobQueue jobQueue;

    private final ExperimentSpecValidator validator;

    private final ExperimentProperties properties;

    private final EntityManager entityManager;

    private final TransactionTemplate transactions;

    private final ExperimentEvents events;

    private final Clock clock;

    public ExperimentService(ExperimentRepository repository, JobQueue jobQueue, ExperimentSpecValidator validator,
            ExperimentProperties properties, EntityManager entityManager, PlatformTransactionManager transactionManager,
            ExperimentEvents events, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.jobQueue = jobQueue;
        this.validator = validator;
        this.properties = properties;
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /**
     * Stores a new QUEUED experiment and enqueues its job. With an idempotency key that an earlier
     * submit used, returns that experiment when the spec is the same (after defaults are filled in)
     * and throws {@link IdempotencyKeyReusedException} when it differs.
     */
    public Submission submit(ExperimentSpec spec, String idempotencyKey) {
        validator.validate(spec);
        String specJson = SpecJson.write(spec);
        String requestHash = SpecJson.hash(spec);

        if (idempotencyKey != null) {
            Optional<Submission> earlier = transactions.execute(status -> findEarlier(idempotencyKey, requestHash));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }

        try {
            return transactions.execute(status -> insert(spec, specJson, idempotencyKey, requestHash));
        } catch (DataIntegrityViolationException e) {
            // A concurrent submit with the same key committed between our lookup and our insert.
            if (idempotencyKey == null) {
                throw e;
            }
            return transactions.execute(status -> findEarlier(idempotencyKey, requestHash)).orElseThrow(() -> e);
        }
    }

    @Transactional(readOnly = true)
    public Experiment get(UUID id) {
        return repository.findById(id).orElseThrow(() -> new ExperimentNotFoundException(id));
    }

    /** Returns one page of experiments, newest first, optionally only those with {@code status}. */
    @Transactional(readOnly = true)
    public Page<Experiment> list(ExperimentStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, NEWEST_FIRST);
        return status == null ? repository.findAll(request) : repository.findByStatus(status, request);
    }

    /**
     * Cancels an experiment: a QUEUED one becomes CANCELLED at once, a RUNNING one CANCELLING until
     * its worker stops and the queue reports the job cancelled.
     */
    @Transactional
    public Experiment cancel(UUID id) {
        Experiment experiment = get(id);
        ExperimentStatus before = experiment.getStatus();
        requireCancellable(experiment);

        jobQueue.requestCancel(id);

        // The queue may have reported a queued job cancelled to the listener in this transaction,
        // so that change is flushed first. The re-read under a lock catches a worker that claimed
        // the job since the first read.
        entityManager.flush();
        entityManager.refresh(experiment, LockModeType.PESSIMISTIC_WRITE);
        ExperimentStatus from = experiment.getStatus();
        if (before == ExperimentStatus.QUEUED && from == ExperimentStatus.CANCELLED) {
            return experiment;
        }

        ExperimentStatus target = requireCancellable(experiment);
        if (from != target) {
            experiment.moveTo(target, now());
            logTransition(experiment, from);
            events.publishStatusChange(experiment, from);
        }
        return experiment;
    }

    /** Requeues a FAILED or CANCELLED experiment with a new job; the pipeline resumes from its last checkpoint. */
    @Transactional
    public Experiment retry(UUID id) {
        Experiment experiment = repository.findByIdForUpdate(id).orElseThrow(() -> new ExperimentNotFoundException(id));
        ExperimentStatus target = experiment.getStatus().afterRetry().orElseThrow(() -> new IllegalTransitionException(
                id, experiment.getStatus(), ExperimentAction.RETRY, "FAILED or CANCELLED"));

        List<JobView> unfinished = jobQueue.findByExperiment(id).stream()
                .filter(job -> JOB_KIND.equals(job.kind()))
                .filter(job -> job.state() == JobState.QUEUED || job.state() == JobState.RUNNING)
                .toList();
        if (!unfinished.isEmpty()) {
            throw new IllegalStateException("Experiment " + id + " is " + experiment.getStatus()
                    + " but its job " + unfinished.get(0).id() + " is " + unfinished.get(0).state()
                    + "; this is a bug in how job events reach the experiment");
        }

        ExperimentStatus from = experiment.getStatus();
        experiment.moveTo(target, now());
        UUID jobId = enqueueJob(experiment);
        logTransition(experiment, from);
        events.publishStatusChange(experiment, from);
        log.atInfo().setMessage("Experiment {} requeued as job {}")
                .addArgument(id).addArgument(jobId)
                .addKeyValue("experimentId", id).addKeyValue("jobId", jobId)
                .log();
        return experiment;
    }

    private Submission insert(ExperimentSpec spec, String specJson, String idempotencyKey, String requestHash) {
        Experiment experiment = new Experiment(UUID.randomUUID(), spec.name(), specJson, spec.priority(),
                idempotencyKey, requestHash, now());
        // Flushed before the job insert, whose row references this one.
        repository.saveAndFlush(experiment);
        UUID jobId = enqueueJob(experiment);

        log.atInfo().setMessage("Experiment {} submitted: name={}, priority={}, job {}")
                .addArgument(experiment.getId()).addArgument(spec.name()).addArgument(spec.priority()).addArgument(jobId)
                .addKeyValue("experimentId", experiment.getId())
                .addKeyValue("name", spec.name())
                .addKeyValue("priority", spec.priority())
                .addKeyValue("jobId", jobId)
                .log();
        return new Submission(experiment, false);
    }

    private UUID enqueueJob(Experiment experiment) {
        return jobQueue.enqueue(new NewJob(experiment.getId(), JOB_KIND, experiment.getPriority(), null,
                properties.maxAttempts(), null));
    }

    private Optional<Submission> findEarlier(String idempotencyKey, String requestHash) {
        return repository.findByIdempotencyKey(idempotencyKey).map(earlier -> {
            if (!earlier.getRequestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(idempotencyKey, earlier.getId());
            }
            log.debug("Idempotency-Key matched experiment {}; returning it instead of submitting again", earlier.getId());
            return new Submission(earlier, true);
        });
    }

    private static ExperimentStatus requireCancellable(Experiment experiment) {
        return experiment.getStatus().afterCancel().orElseThrow(() -> new IllegalTransitionException(
                experiment.getId(), experiment.getStatus(), ExperimentAction.CANCEL, "QUEUED, RUNNING or CANCELLING"));
    }

    static void logTransition(Experiment experiment, ExperimentStatus from) {
        String reason = experiment.getFailureReason();
        log.atInfo().setMessage(reason == null ? "Experiment {} moved from {} to {}" : "Experiment {} moved from {} to {}: {}")
                .addArgument(experiment.getId()).addArgument(from).addArgument(experiment.getStatus())
                .addArgument(reason)
                .addKeyValue("experimentId", experiment.getId())
                .addKeyValue("from", from)
                .addKeyValue("to", experiment.getStatus())
                .log();
    }

    /** Returns the current instant at PostgreSQL's timestamp precision, so responses match what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
