package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.search.VitSpace;
import io.vitsearch.supernet.DatasetBatches;
import io.vitsearch.supernet.SubnetSampler;
import io.vitsearch.supernet.SupernetTrainer;
import io.vitsearch.supernet.TrainingResult;
import io.vitsearch.supernet.TrainingSettings;
import io.vitsearch.supernet.UniformSubnetSampler;
import io.vitsearch.supernet.VitSupernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the supernet of the current search space to its last step: from its latest checkpoint
 * when it has one, otherwise from fresh weights that inherit the previous space's supernet where
 * shapes allow. Checks for cancellation between steps, records training curves, and checkpoints
 * every {@code checkpointEveryEpochs} epochs and after the last one.
 */
final class SupernetTraining {

    private static final Logger log = LoggerFactory.getLogger(SupernetTraining.class);

    /**
     * DJL's PyTorch engine allows one gradient collector per process at a time, so workers of
     * several devices in one process take turns step by step.
     */
    private static final ReentrantLock GRADIENT_COLLECTOR = new ReentrantLock();

    private final ExperimentRun run;

    private final PipelineState state;

    private final String phase;

    private final Integer spaceStep;

    private final int batchesPerEpoch;

    private long windowSteps;

    private double windowLoss;

    private long windowImages;

    private long windowNanos;

    private double epochLoss;

    private long epochSteps;

    SupernetTraining(ExperimentRun run) {
        this.run = run;
        this.state = run.state();
        this.phase = state.phase();
        this.spaceStep = state.finalSpace() ? null : state.spaceIndex();
        this.batchesPerEpoch = run.batchesPerEpoch();
    }

    void run() throws IOException {
        VitSpace space = state.vitSpace();
        DatasetBatches batches = new DatasetBatches(run.data.trainFiller(), run.plan.batchSize(),
                run.plan.seed(ExperimentPlan.Stream.DATA_ORDER, state.spaceIndex()), run.plan.augmentation());
        SubnetSampler sampler = new UniformSubnetSampler(space);

        try (VitSupernet supernet = openSupernet(space);
                SupernetTrainer trainer = openTrainer(supernet, sampler, batches)) {
            long totalSteps = trainer.settings().totalSteps();
            log.info("Experiment {}: {} of space {} {} at step {} of {} ({} epochs of {} batches)", run.experimentId,
                    phase, state.spaceIndex(), trainer.step() == 0 ? "starts" : "resumes", trainer.step(), totalSteps,
                    run.plan.epochs(state.finalSpace()), batchesPerEpoch);
            run.reportProgress(epochOf(trainer.step()), trainer.step());

            while (trainer.step() < totalSteps) {
                run.context.ensureActive();
                TrainingResult result = trainStep(trainer);
                afterStep(trainer, result);
            }
        }
    }

    private VitSupernet openSupernet(VitSpace space) throws IOException {
        if (state.supernet() != null) {
            return VitSupernet.loadCheckpoint(run.artifacts.resolve(state.supernet()), run.device);
        }
        VitSupernet supernet = VitSupernet.create(space, run.plan.seed(ExperimentPlan.Stream.SUPERNET_INIT,
                state.spaceIndex()), run.device);
        if (state.previousSupernet() == null) {
            return supernet;
        }
        try (VitSupernet previous = VitSupernet.loadCheckpoint(run.artifacts.resolve(state.previousSupernet()),
                run.device)) {
            supernet.inheritFrom(previous);
            log.info("Experiment {}: supernet of space {} inherits the weights of {}", run.experimentId,
                    state.spaceIndex(), state.previousSupernet());
            return supernet;
        } catch (IOException | RuntimeException e) {
            supernet.close();
            throw e;
        }
    }

    private SupernetTrainer openTrainer(VitSupernet supernet, SubnetSampler sampler, DatasetBatches batches)
            throws IOException {
        if (state.supernet() != null) {
            return SupernetTrainer.resume(supernet, run.artifacts.resolve(state.supernet()), sampler, batches);
        }
        TrainingSettings settings = run.plan.training(batchesPerEpoch, state.spaceIndex(), state.finalSpace());
        return new SupernetTrainer(supernet, settings, sampler, batches);
    }

    private static TrainingResult trainStep(SupernetTrainer trainer) {
        GRADIENT_COLLECTOR.lock();
        try {
            return trainer.train(1);
        } finally {
            GRADIENT_COLLECTOR.unlock();
        }
    }

    private void afterStep(SupernetTrainer trainer, TrainingResult result) throws IOException {
        long images = Math.round(result.imagesPerSecond() * result.elapsed().toNanos() / 1e9);
        double loss = result.losses().get(0);
        run.meters.trainingImages.increment(images);
        run.progress.trainingSteps(1, result.elapsed());
        windowSteps++;
        windowLoss += loss;
        windowImages += images;
        windowNanos += result.elapsed().toNanos();
        epochLoss += loss;
        epochSteps++;

        long step = trainer.step();
        if (step % run.properties.metricsEverySteps() == 0) {
            flushMetrics(step, result.lastLearningRate());
        }
        if (step % batchesPerEpoch == 0) {
            endEpoch(trainer, step);
        }
    }

    private void flushMetrics(long step, double learningRate) {
        int epoch = epochOf(step - 1);
        double seconds = Math.max(windowNanos, 1) / 1e9;
        run.recordMetrics(List.of(
                point(epoch, step, "train-loss", windowLoss / windowSteps),
                point(epoch, step, "learning-rate", learningRate),
                point(epoch, step, "images-per-second", windowImages / seconds)));
        windowSteps = 0;
        windowLoss = 0;
        windowImages = 0;
        windowNanos = 0;
    }

    private void endEpoch(SupernetTrainer trainer, long step) throws IOException {
        int epoch = epochOf(step - 1);
        long totalSteps = trainer.settings().totalSteps();
        List<MetricPoint> points = new ArrayList<>();
        points.add(point(epoch, step, "epoch-end", epochSteps == 0 ? Double.NaN : epochLoss / epochSteps));
        run.recordMetrics(points);
        epochLoss = 0;
        epochSteps = 0;

        boolean last = step >= totalSteps;
        if (last || (epoch + 1) % run.properties.checkpointEveryEpochs() == 0) {
            saveCheckpoint(trainer, step, last);
        }
        log.info("Experiment {}: {} of space {} finished epoch {} of {}", run.experimentId, phase,
                state.spaceIndex(), epoch + 1, run.plan.epochs(state.finalSpace()));
        run.reportProgress(last ? epoch : epoch + 1, step);
    }

    private void saveCheckpoint(SupernetTrainer trainer, long step, boolean last) throws IOException {
        long started = System.nanoTime();
        String folder = CheckpointStore.supernetFolder(run.experimentId, state.spaceIndex(), step);
        Path directory = run.checkpoints.clearFolder(folder);
        trainer.saveCheckpoint(directory);

        PipelineState.Stage next = !last ? PipelineState.Stage.TRAINING
                : state.finalSpace() ? PipelineState.Stage.SEARCH : PipelineState.Stage.SPACE_EVOLUTION;
        run.checkpoint(run.state().withSupernetCheckpoint(folder, last, next), () -> { });
        log.debug("Experiment {}: checkpointed supernet of space {} at step {} in {} ms", run.experimentId,
                state.spaceIndex(), step, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private int epochOf(long step) {
        return (int) (step / batchesPerEpoch);
    }

    private MetricPoint point(int epoch, long step, String name, double value) {
        return new MetricPoint(phase, spaceStep, epoch, step, name, value, run.clock.instant());
    }
}
