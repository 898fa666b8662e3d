package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import ai.djl.Device;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.artifact.StoredArtifact;
import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.ExperimentRecorder;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.experiment.Progress;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.Architecture;
import io.vitsearch.search.Candidate;
import io.vitsearch.search.EvolutionarySearch;
import io.vitsearch.search.Generation;
import io.vitsearch.search.ProposedCandidate;
import io.vitsearch.search.ProposedGeneration;
import io.vitsearch.search.SearchRandom;
import io.vitsearch.search.SearchState;
import io.vitsearch.search.SpaceEvolution;
import io.vitsearch.search.SpaceStep;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.supernet.LabeledImages;
import io.vitsearch.supernet.SubnetExport;
import io.vitsearch.supernet.VitSupernet;
import io.vitsearch.worker.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of an experiment's pipeline, continuing from its checkpoint:
 * <ol>
 *   <li>train the current space's supernet ({@link SupernetTraining});</li>
 *   <li>while space evolution goes on, evaluate sampled architectures through it, evolve the space
 *       from their E-T errors and train the evolved space's supernet from the previous weights,
 *       until the configured steps are done or a step moves no dimension;</li>
 *   <li>run the evolutionary search on the final space, one generation at a time;</li>
 *   <li>fine-tune each of the best architectures alone, when the spec sets fine-tuning epochs, then measure it
 *       on the test split and export it.</li>
 * </ol>
 * Every finished unit (epoch, space step, generation, fine-tuning epoch, exported model) is checkpointed in the
 * transaction that records it, so a replacement worker neither repeats nor records it twice.
 */
final class ExperimentRun {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRun.class);

    final JobContext context;

    final Lease lease;

    final UUID experimentId;

    final ExperimentPlan plan;

    final PreparedDatasets.Prepared data;

    final PreparedDatasets.DataKey dataKey;

    final Device device;

    final ExperimentRecorder recorder;

    final CheckpointStore checkpoints;

    final EvaluationCoordinator evaluator;

    final ArtifactStore artifacts;

    final PipelineProperties properties;

    final PipelineMeters meters;

    final ProgressTracker progress;

    final Clock clock;

    private PipelineState state;

    ExperimentRun(JobContext context, ExperimentPlan plan, PreparedDatasets.Prepared data, Device device,
            PipelineState state, Services services) {
        this.context = context;
        this.lease = context.job().lease();
        this.experimentId = context.experimentId();
        this.plan = plan;
        this.data = data;
        this.dataKey = PreparedDatasets.DataKey.of(plan);
        this.device = device;
        this.recorder = services.recorders().get();
        this.checkpoints = services.checkpoints();
        this.evaluator = services.evaluator();
        this.artifacts = services.artifacts();
        this.properties = services.properties();
        this.meters = services.meters();
        this.clock = services.clock();
        this.state = state;
        this.progress = new ProgressTracker(plan, batchesPerEpoch(), data.validation().size(),
                data.splits().test().map(test -> test.size()).orElse(0));
    }

    /**
     * Collaborators that every attempt shares.
     *
     * @param recorders returns the recorder; looked up per attempt so that a process without one
     *     still starts and only its experiment jobs fail
     */
    record Services(Supplier<ExperimentRecorder> recorders, CheckpointStore checkpoints, EvaluationCoordinator evaluator,
            ArtifactStore artifacts, PipelineProperties properties, PipelineMeters meters, Clock clock) {
    }

    void run() throws IOException {
        while (state.stage() != PipelineState.Stage.DONE) {
            context.ensureActive();
            switch (state.stage()) {
                case TRAINING -> SupernetTraining.ofSpace(this).run();
                case SPACE_EVOLUTION -> evolveSpace();
                case SEARCH -> searchGeneration();
                case FINE_TUNING -> fineTune();
                case EXPORT -> export();
                case DONE -> throw new IllegalStateException("unreachable: the loop ends at DONE");
            }
        }
        checkpoints.deleteUnreferenced(experimentId, state);
        reportProgress(null, null);
    }

    PipelineState state() {
        return state;
    }

    int batchesPerEpoch() {
        return data.splits().train().size() / plan.batchSize();
    }

    /** Checkpoints {@code next}, with {@code alongside} written in the same transaction. */
    void checkpoint(PipelineState next, Runnable alongside) {
        checkpoints.save(lease, experimentId, state, next, alongside);
        state = next;
    }

    /** Records the current phase with an estimate of the fraction done and the finish. */
    void reportProgress(Integer epoch, Long stepsDone) {
        ProgressTracker.Estimate estimate = progress.estimate(state, stepsDone == null ? 0 : stepsDone, clock.instant());
        Integer spaceStep = state.finalSpace() ? null : state.spaceIndex();
        Integer generation = state.search() == null ? null : state.search().nextGeneration();
        double fraction = state.stage() == PipelineState.Stage.DONE ? 1.0 : estimate.fraction();
        recorder.recordProgress(lease, experimentId, new Progress(state.phase(), spaceStep, epoch,
                state.stage() == PipelineState.Stage.SEARCH ? generation : null, fraction, estimate.finish()));
    }

    void recordMetrics(List<MetricPoint> points) {
        recorder.recordMetrics(lease, experimentId, points);
    }

    private void evolveSpace() {
        int index = state.spaceIndex();
        reportProgress(null, null);
        log.info("Experiment {}: space-evolution step {} samples {} architectures from space {}", experimentId, index,
                plan.spaceEvolution().etSamples(), index);

        SearchRandom random = state.spaceRandom();
        List<Architecture> samples = SpaceEvolution.sample(state.space(), plan.spaceEvolution(), plan.constraints(),
                random);
        Map<String, Double> errors = evaluate(samples, "space-" + index);
        SpaceStep step = SpaceEvolution.evolve(index, state.space(), plan.spaceEvolution(), samples, errors);

        boolean lastStep = index + 1 >= plan.spaceEvolution().steps();
        PipelineState next = step.moved() ? state.withEvolvedSpace(step.after(), random, lastStep)
                : state.withSpaceKept(random, plan.retrainsKeptSpace());
        checkpoint(next, () -> recorder.recordSpaceStep(lease, experimentId, step));
        log.info("Experiment {}: space-evolution step {} has E-T error {}; {}", experimentId, index,
                LogValues.rounded(step.etError()),
                step.moved() ? (lastStep ? "the evolved space is final" : "the space moved")
                        : plan.retrainsKeptSpace() ? "no dimension moved, so the kept space's final supernet trains next"
                        : "no dimension moved, so space evolution stops");
    }

    private void searchGeneration() {
        SearchState search = state.search() != null ? state.search()
                : EvolutionarySearch.start(state.space(), plan.evolution(), plan.constraints(), plan.spec().topK(),
                        plan.seed(ExperimentPlan.Stream.EVOLUTION, 0));
        if (state.search() == null) {
            state = state.withSearch(search, plan.fineTunes());
        }
        reportProgress(null, null);

        ProposedGeneration proposal = EvolutionarySearch.propose(search);
        List<Architecture> batch = proposal.candidates().stream()
                .filter(candidate -> !search.errors().containsKey(candidate.id()))
                .map(ProposedCandidate::architecture)
                .toList();
        Map<String, Double> errors = batch.isEmpty() ? Map.of() : evaluate(batch, "generation-" + proposal.index());
        SearchState next = EvolutionarySearch.complete(proposal, errors);

        Generation generation = next.generations().get(next.generations().size() - 1);
        checkpoint(state.withSearch(next, plan.fineTunes()), () -> recorder.recordGeneration(lease, experimentId, generation));
        log.info("Experiment {}: generation {} evaluated {} candidates; best error so far {}", experimentId,
                generation.index(), generation.population().size(),
                LogValues.rounded(next.best().isEmpty() ? null : next.best().get(0).error()));
    }

    private Map<String, Double> evaluate(List<Architecture> architectures, String purpose) {
        long started = System.nanoTime();
        EvaluationRequest request = new EvaluationRequest(experimentId, state.supernet(), dataKey,
                properties.evaluationBatchSize(), architectures);
        // One above the experiment's priority, so that idle workers help running experiments finish
        // before they start queued ones of the same priority.
        Map<String, Double> errors = evaluator.evaluate(context, device, request, purpose, plan.spec().priority() + 1);
        progress.evaluations(architectures.size(), Duration.ofNanos(System.nanoTime() - started));
        return errors;
    }

    private void fineTune() throws IOException {
        List<Candidate> best = state.search().best();
        int rank = state.exported() + 1;
        if (rank > best.size()) {
            checkpoint(state.withExported(state.exported(), true, false), () -> { });
            return;
        }
        VitArchitecture architecture = (VitArchitecture) best.get(rank - 1).architecture();
        SupernetTraining.fineTuning(this, architecture, rank).run();
    }

    /**
     * Exports the next of the best architectures, from its fine-tuned weights when it was
     * fine-tuned and from the final space's supernet otherwise.
     */
    private void export() throws IOException {
        reportProgress(null, null);
        List<Candidate> best = state.search().best();
        int rank = state.exported() + 1;
        if (rank > best.size()) {
            checkpoint(state.withExported(state.exported(), true, false), () -> { });
            return;
        }

        long started = System.nanoTime();
        boolean fineTuned = state.fineTuning() != null;
        Path checkpoint = artifacts.resolve(fineTuned ? state.fineTuning() : state.supernet());
        ArchitectureRecord record;
        try (VitSupernet supernet = VitSupernet.loadCheckpoint(checkpoint, device)) {
            record = exportOne(supernet, best.get(rank - 1), rank, fineTuned);
        }
        checkpoint(state.withExported(rank, rank == best.size(), plan.fineTunes()),
                () -> recorder.recordArchitecture(lease, experimentId, record));
        progress.exports(1, Duration.ofNanos(System.nanoTime() - started));
        log.info("Experiment {}: exported architecture {} of rank {} (validation error {}, test accuracy {})",
                experimentId, record.architecture().id(), rank, LogValues.rounded(record.validationError()),
                LogValues.rounded(record.testAccuracy()));
    }

    private ArchitectureRecord exportOne(VitSupernet supernet, Candidate candidate, int rank, boolean fineTuned)
            throws IOException {
        VitArchitecture architecture = (VitArchitecture) candidate.architecture();
        Optional<LabeledImages> test = data.testImages();
        Double testAccuracy = testAccuracy(supernet, architecture, test);
        Double inheritedTestAccuracy = null;
        if (fineTuned) {
            try (VitSupernet inherited = VitSupernet.loadCheckpoint(artifacts.resolve(state.supernet()), device)) {
                inheritedTestAccuracy = testAccuracy(inherited, architecture, test);
            }
            log.info("Experiment {}: fine-tuning took architecture {} from test accuracy {} to {}", experimentId,
                    architecture.id(), LogValues.rounded(inheritedTestAccuracy), LogValues.rounded(testAccuracy));
        }

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("experimentId", experimentId.toString());
        metrics.put("rank", rank);
        metrics.put("dataset", plan.spec().dataset().name());
        metrics.put("validationError", candidate.error());
        metrics.put("testAccuracy", testAccuracy);
        metrics.put("fineTuneEpochs", fineTuned ? plan.spec().supernet().fineTuneEpochs() : 0);
        metrics.put("inheritedTestAccuracy", fineTuned ? inheritedTestAccuracy : testAccuracy);
        metrics.put("params", candidate.params());
        metrics.put("flops", candidate.flops());
        metrics.put("normalizationMean", data.splits().stats().mean());
        metrics.put("normalizationStd", data.splits().stats().std());
        metrics.put("classNames", data.splits().train().classNames());

        Path zip = Files.createTempFile("vitsearch-model-", ".zip");
        try {
            SubnetExport.write(supernet, architecture, metrics, zip);
            StoredArtifact stored = artifacts.store(CheckpointStore.modelPath(experimentId, candidate.id()),
                    zip);
            return new ArchitectureRecord(rank, architecture, candidate.error(), testAccuracy, candidate.params(),
                    candidate.flops(), stored.relativePath(), stored.sha256());
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Returns the top-1 accuracy of {@code architecture} on the test split, or null without one. */
    private Double testAccuracy(VitSupernet supernet, VitArchitecture architecture, Optional<LabeledImages> test) {
        return test.map(images -> 1 - supernet.top1Error(architecture, images, properties.evaluationBatchSize()))
                .orElse(null);
    }
}
