package io.vitsearch.experiment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import io.vitsearch.queue.JobEventListener;
import io.vitsearch.queue.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves an experiment along with its {@code experiment} job, inside the queue's transaction, so the
 * two never disagree after a commit. Each move publishes its event ({@code status}, or {@code
 * completed}, {@code failed} or {@code cancelled}) in that transaction too. Events of other job kinds, and of jobs without an experiment,
 * are ignored. An event that the experiment's status cannot follow is logged and dropped rather
 * than thrown, because throwing would roll back the worker's write to the job.
 */
@Component
public class ExperimentJobListener implements JobEventListener {

    private static final Logger log = LoggerFactory.getLogger(ExperimentJobListener.class);

    private final ExperimentRepository repository;

    private final ExperimentEvents events;

    private final Clock clock;

    public ExperimentJobListener(ExperimentRepository repository, ExperimentEvents events, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void onClaimed(JobView job) {
        apply(job, ExperimentStatus.RUNNING, experiment -> { });
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void onSucceeded(JobView job) {
        apply(job, ExperimentStatus.SUCCEEDED, experiment -> { });
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void onFailed(JobView job) {
        String reason = job.lastError() == null
                ? "job " + job.id() + " failed after " + job.attempt() + " of " + job.maxAttempts() + " attempts"
                : job.lastError();
        apply(job, ExperimentStatus.FAILED, experiment -> experiment.recordFailure(reason));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void onCancelled(JobView job) {
        apply(job, ExperimentStatus.CANCELLED, experiment -> { });
    }

    private void apply(JobView job, ExperimentStatus target, Consumer<Experiment> beforeMove) {
        if (job.experimentId() == null || !ExperimentService.JOB_KIND.equals(job.kind())) {
            return;
        }
        Experiment experiment = repository.findByIdForUpdate(job.experimentId()).orElse(null);
        if (experiment == null) {
            log.warn("Job {} reported {} for experiment {}, which does not exist; ignoring the event",
                    job.id(), target, job.experimentId());
            return;
        }

        ExperimentStatus from = experiment.getStatus();
        if (from == target) {
            // A repeated event, such as a second claim after an expired lease; nothing changes.
            log.debug("Experiment {} is already {}; job {} attempt {}", experiment.getId(), from, job.id(), job.attempt());
            return;
        }
        if (from == ExperimentStatus.CANCELLING && target == ExperimentStatus.RUNNING) {
            log.debug("Experiment {} stays CANCELLING; job {} attempt {} sees the cancel request at its first heartbeat",
                    experiment.getId(), job.id(), job.attempt());
            return;
        }
        if (!from.canMoveTo(target)) {
            log.warn("Job {} of experiment {} reported {} but the experiment is {}, which cannot move to {};"
                    + " leaving the experiment unchanged", job.id(), experiment.getId(), target, from, target);
            return;
        }

        beforeMove.accept(experiment);
        experiment.moveTo(target, now());
        ExperimentService.logTransition(experiment, from);
        events.publishStatusChange(experiment, from);
    }

    /** Returns the current instant at PostgreSQL's timestamp precision, so responses match what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
