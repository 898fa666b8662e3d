package io.vitsearch.supernet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;

/**
 * Trains a supernet the AutoFormer way: every step samples {@code subnetsPerStep} subnets,
 * accumulates their gradients on one batch and applies one {@link MaskedAdamW} update with the
 * learning rate of a linear warm-up and cosine schedule. The loss is cross-entropy with label
 * smoothing.
 *
 * <p>Every step's activations, gradients views and temporaries live in a manager that is closed
 * when the step ends, so memory stays flat over long runs. The trainer is not thread-safe, and
 * DJL's PyTorch engine allows one gradient collector per process at a time, so at most one
 * trainer may run a step at any moment in a JVM.
 */
public final class SupernetTrainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupernetTrainer.class);
    private static final long LOG_INTERVAL_STEPS = 100;

    private final VitSupernet supernet;
    private final TrainingSettings settings;
    private final SubnetSampler sampler;
    private final TrainingBatches batches;
    private final MaskedAdamW optimizer;
    private final SeededRandom random;
    private long step;

    /** Starts training at step 0 with fresh optimizer state and subnet sampling seeded from the settings. */
    public SupernetTrainer(VitSupernet supernet, TrainingSettings settings, SubnetSampler sampler,
            TrainingBatches batches) {
        this(supernet, settings, sampler, batches, 0, settings.seed());
    }

    private SupernetTrainer(VitSupernet supernet, TrainingSettings settings, SubnetSampler sampler,
            TrainingBatches batches, long step, long randomState) {
        this.supernet = supernet;
        this.settings = settings;
        this.sampler = sampler;
        this.batches = batches;
        this.optimizer = new MaskedAdamW(supernet.parameters(), supernet.manager(), settings.beta1(),
                settings.beta2(), settings.epsilon(), settings.weightDecay());
        this.random = new SeededRandom(randomState);
        this.step = step;
    }

    /**
     * Continues training from a checkpoint written by {@link #saveCheckpoint(Path)}: settings,
     * step, optimizer state and sampling state come from the checkpoint, and {@code supernet} must
     * be the one loaded from it with {@link VitSupernet#loadCheckpoint(Path)}. With the same sampler
     * and batches, the continuation equals a run that never stopped.
     */
    public static SupernetTrainer resume(VitSupernet supernet, Path directory, SubnetSampler sampler,
            TrainingBatches batches) throws IOException {
        CheckpointFiles.TrainerState state = CheckpointFiles.readTrainerState(directory);
        SupernetTrainer trainer = new SupernetTrainer(supernet, state.settings(), sampler, batches, state.step(),
                state.randomState());
        try (NDManager reading = supernet.manager().newSubManager()) {
            trainer.optimizer.loadState(CheckpointFiles.readOptimizerState(directory, reading));
        } catch (RuntimeException | IOException e) {
            trainer.close();
            throw e;
        }
        return trainer;
    }

    /**
     * Runs {@code steps} more optimizer steps and returns their losses and throughput.
     *
     * @throws NonFiniteLossException when a subnet's loss is NaN or infinite; that step makes no
     *     update and {@link #step()} stays at it
     */
    public TrainingResult train(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0; got " + steps);
        }
        long firstStep = step;
        List<Double> losses = new ArrayList<>();
        long images = 0;
        double learningRate = settings.learningRateAt(step);
        long started = System.nanoTime();

        for (long i = 0; i < steps; i++) {
            learningRate = settings.learningRateAt(step);
            try (NDManager stepManager = supernet.manager().newSubManager()) {
                ImageBatch batch = batches.batch(step, stepManager);
                losses.add(trainStep(batch, learningRate, stepManager));
                images += (long) batch.size() * settings.subnetsPerStep();
            }
            step++;

            if (step % LOG_INTERVAL_STEPS == 0) {
                log.debug("supernet step {}: loss {}, learning rate {}", step, losses.get(losses.size() - 1),
                        learningRate);
            }
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return new TrainingResult(firstStep, steps, losses, images / seconds, elapsed, learningRate);
    }

    private double trainStep(ImageBatch batch, double learningRate, NDManager stepManager) {
        SliceUsage usage = new SliceUsage();
        double lossSum = 0;
        for (int s = 0; s < settings.subnetsPerStep(); s++) {
            VitArchitecture subnet = sampler.sample(random);
            if (!supernet.space().contains(subnet)) {
                MaskedAdamW.discardGradients(supernet.parameters(), usage, stepManager);
                throw new IllegalStateException("the subnet sampler returned an architecture outside the supernet's "
                        + "search space, which is a bug in the sampler: " + SearchJson.canonical(subnet));
            }

            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = supernet.forward(subnet, batch.images(), usage);
                NDArray loss = labelSmoothedCrossEntropy(logits, batch.labels(), settings.labelSmoothing());
                double value = loss.getFloat();
                if (!Double.isFinite(value)) {
                    MaskedAdamW.discardGradients(supernet.parameters(), usage, stepManager);
                    throw new NonFiniteLossException(step, subnet, value);
                }
                collector.backward(loss.div(settings.subnetsPerStep()));
                lossSum += value;
            }
        }

        optimizer.step(supernet.parameters(), usage, learningRate, stepManager);
        return lossSum / settings.subnetsPerStep();
    }

    /**
     * Returns the mean cross-entropy of {@code logits} (B, K) against {@code labels} (B) with the
     * target {@code (1 - smoothing) * onehot + smoothing / K}, as PyTorch's
     * {@code CrossEntropyLoss(label_smoothing=smoothing)} computes it.
     */
    static NDArray labelSmoothedCrossEntropy(NDArray logits, NDArray labels, double smoothing) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = labels.oneHot(classes).mul(1 - smoothing).add(smoothing / classes);
        return logProbabilities.mul(target).sum(new int[] {1}).mean().neg();
    }

    /**
     * Writes weights, optimizer state, step, settings and sampling state to a new directory. The
     * directory appears complete or not at all, and it must not exist yet.
     */
    public void saveCheckpoint(Path directory) throws IOException {
        CheckpointFiles.write(directory, supernet, optimizer.stateTensors(),
                new CheckpointFiles.TrainerState(CheckpointFiles.FORMAT_VERSION, step, random.state(), settings));
    }

    /** Returns the global step (0-based) the next call to {@link #train(long)} starts at. */
    public long step() {
        return step;
    }

    public TrainingSettings settings() {
        return settings;
    }

    public VitSupernet supernet() {
        return supernet;
    }

    /** Frees the optimizer state. The supernet stays open and belongs to the caller. */
    @Override
    public void close() {
        optimizer.close();
    }
}
