package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.search.VitArchitecture;
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
 * Trains a supernet to its last step: the current search space's, or a copy of the final one in
 * which a single searched architecture is fine-tuned. A training run resumes from its latest
 * checkpoint when it has one. Otherwise a space's supernet starts from fresh weights that inherit
 * the previous space's where shapes allow, and fine-tuning starts from the final space's supernet.
 * Checks for cancellation between steps, records training curves, and checkpoints every
 * {@code checkpointEveryEpochs} epochs and after the last one.
 */
final class SupernetTraining {

    private static final Logger log = LoggerFactory.getLogger(SupernetTraining.class);

    /**
     * DJL's PyTorch engine allows one gradient collector per process at a time, so workers of
     * several devices in one process take turns step by step.
     */
    private static final ReentrantLock GRADIENT_COLLECTOR = new ReentrantLock();

    private final ExperimentRun run;

    private final String phase;

    private final Integer spaceStep;

    private final int batchesPerEpoch;

    private final Target target;

    private long windowSteps;

    private double windowLoss;

    private long windowImages;

    private long windowNanos;

    private double epochLoss;

    private long epochSteps;

    private SupernetTraining(ExperimentRun run, Target target) {
        this.run = run;
        this.phase = run.state().phase();
        this.spaceStep = run.state().finalSpace() ? null : run.state().spaceIndex();
        this.batchesPerEpoch = run.batchesPerEpoch();
        this.target = target;
    }

    /**
     * The subject of one training run, and the location of its checkpoints.
     *
     * @param subject what trains, for the log
     * @param sampler draws the subnet of each step
     * @param dataSeed seed of the training images' order and augmentation
     * @param epochs epochs of this training run
     * @param resumeFrom latest checkpoint folder of this training run, or null to start it
     * @param fresh opens the supernet that a new training run starts from
     * @param settings trainer settings of a new training run
     * @param folder checkpoint folder after a given step
     * @param next pipeline state after a checkpoint in a folder, and whether it was the last one
     * @param stepOffset steps of earlier training runs of the same phase, which training curves count on from
     */
    private record Target(String subject, SubnetSampler sampler, long dataSeed, int epochs, String resumeFrom,
            IoSupplier<VitSupernet> fresh, Supplier<TrainingSettings> settings, LongFunction<String> folder,
            BiFunction<String, Boolean, PipelineState> next, long stepOffset) {
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Returns the training of the current search space's supernet. */
    static SupernetTraining ofSpace(ExperimentRun run) {
        PipelineState state = run.state();
        int spaceIndex = state.spaceIndex();
        PipelineState.Stage after = state.finalSpace() ? PipelineState.Stage.SEARCH
                : PipelineState.Stage.SPACE_EVOLUTION;
        Target target = new Target("the supernet of space " + spaceIndex, new UniformSubnetSampler(state.vitSpace()),
                run.plan.seed(ExperimentPlan.Stream.DATA_ORDER, spaceIndex), run.plan.epochs(state.finalSpace()),
                state.supernet(), () -> freshSpaceSupernet(run),
                () -> run.plan.training(run.batchesPerEpoch(), spaceIndex, state.finalSpace()),
                step -> CheckpointStore.supernetFolder(run.experimentId, spaceIndex, step),
                (folder, last) -> run.state().withSupernetCheckpoint(folder, last,
                        last ? after : PipelineState.Stage.TRAINING),
                0);
        return new SupernetTraining(run, target);
    }

    /**
     * Returns the fine-tuning of the searched architecture of {@code rank}, which trains alone in a
     * copy of the final space's supernet.
     */
    static SupernetTraining fineTuning(ExperimentRun run, VitArchitecture architecture, int rank) {
        PipelineState state = run.state();
        long steps = run.plan.fineTuneStepsPerRank(run.batchesPerEpoch());
        Target target = new Target("architecture " + architecture.id() + " (rank " + rank + ")",
                random -> architecture, run.plan.seed(ExperimentPlan.Stream.FINE_TUNING_DATA_ORDER, rank),
                run.plan.spec().supernet().fineTuneEpochs(), state.fineTuning(),
                () -> VitSupernet.loadCheckpoint(run.artifacts.resolve(state.supernet()), run.device),
                () -> run.plan.fineTuning(run.batchesPerEpoch(), rank),
                step -> CheckpointStore.fineTuningFolder(run.experimentId, rank, step),
                (folder, last) -> run.state().withFineTuningCheckpoint(folder, last),
                (rank - 1) * steps);
        return new SupernetTraining(run, target);
    }

    void run() throws IOException {
        DatasetBatches batches = new DatasetBatches(run.data.trainFiller(), run.plan.batchSize(), target.dataSeed(),
                run.plan.augmentation());

        try (VitSupernet supernet = openSupernet();
                SupernetTrainer trainer = openTrainer(supernet, batches)) {
            long totalSteps = trainer.settings().totalSteps();
            log.info("Experiment {}: {} {} for {} at step {} of {} ({} epochs of {} batches)", run.experimentId,
                    phase, trainer.step() == 0 ? "starts" : "resumes", target.subject(), trainer.step(), totalSteps,
                    target.epochs(), batchesPerEpoch);
            run.reportProgress(offsetEpoch(epochOf(trainer.step())), trainer.step());

            while (trainer.step() < totalSteps) {
                run.context.ensureActive();
                TrainingResult result = trainStep(trainer);
                afterStep(trainer, result);
            }
        }
    }

    private VitSupernet openSupernet() throws IOException {
        if (target.resumeFrom() != null) {
            return VitSupernet.loadCheckpoint(run.artifacts.resolve(target.resumeFrom()), run.device);
        }
        return target.fresh().get();
    }

    private static VitSupernet freshSpaceSupernet(ExperimentRun run) throws IOException {
        PipelineState state = run.state();
        VitSupernet supernet = VitSupernet.create(state.vitSpace(), run.plan.seed(ExperimentPlan.Stream.SUPERNET_INIT,
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

    private SupernetTrainer openTrainer(VitSupernet supernet, DatasetBatches batches) throws IOException {
        if (target.resumeFrom() != null) {
            return SupernetTrainer.resume(supernet, run.artifacts.resolve(target.resumeFrom()), target.sampler(),
                    batches);
        }
        return new SupernetTrainer(supernet, target.settings().get(), target.sampler(), batches);
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
        double meanLoss = epochSteps == 0 ? Double.NaN : epochLoss / epochSteps;
        run.recordMetrics(List.of(point(epoch, step, "epoch-end", meanLoss)));
        epochLoss = 0;
        epochSteps = 0;

        boolean last = step >= totalSteps;
        log.info("Experiment {}: {} finished epoch {} of {} for {} (mean training loss {})", run.experimentId, phase,
                epoch + 1, target.epochs(), target.subject(), LogValues.rounded(meanLoss));
        // Reported before the checkpoint moves the state on, so the epoch goes out with its own phase.
        run.reportProgress(offsetEpoch(last ? epoch : epoch + 1), step);
        if (last || (epoch + 1) % run.properties.checkpointEveryEpochs() == 0) {
            saveCheckpoint(trainer, step, last);
        }
    }

    private void saveCheckpoint(SupernetTrainer trainer, long step, boolean last) throws IOException {
        long started = System.nanoTime();
        String folder = target.folder().apply(step);
        Path directory = run.checkpoints.clearFolder(folder);
        trainer.saveCheckpoint(directory);

        run.checkpoint(target.next().apply(folder, last), () -> { });
        log.debug("Experiment {}: checkpointed {} at step {} in {} ms", run.experimentId, target.subject(), step,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private int epochOf(long step) {
        return (int) (step / batchesPerEpoch);
    }

    /** Returns an epoch counted on from the earlier training runs of the phase, as training curves count it. */
    private int offsetEpoch(int epoch) {
        return epochOf(target.stepOffset()) + epoch;
    }

    private MetricPoint point(int epoch, long step, String name, double value) {
        return new MetricPoint(phase, spaceStep, offsetEpoch(epoch), target.stepOffset() + step, name, value,
                run.clock.instant());
    }
}
