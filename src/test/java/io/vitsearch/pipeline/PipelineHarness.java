package io.vitsearch.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vitsearch.artifact.ArtifactProperties;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.dataset.DatasetFormat;
import io.vitsearch.dataset.DatasetProperties;
import io.vitsearch.dataset.DatasetRegistration;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.experiment.ExperimentService;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.EvolutionSettings;
import io.vitsearch.experiment.spec.SpecJson;
import io.vitsearch.experiment.spec.SupernetSettings;
import io.vitsearch.queue.ClaimedJob;
import io.vitsearch.queue.MutableClock;
import io.vitsearch.queue.NewJob;
import io.vitsearch.queue.PostgresJobQueue;
import io.vitsearch.queue.QueueProperties;
import io.vitsearch.queue.TestQueues;
import io.vitsearch.worker.JobContext;
import io.vitsearch.worker.Pipeline;
import io.vitsearch.worker.Worker;
import io.vitsearch.worker.WorkerProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pipelines over a real test database, a settable clock, a tiny synthetic IDX dataset and an
 * in-memory recorder, built without Spring so that tests can run attempts by hand.
 */
final class PipelineHarness implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(30);

    static final QueueProperties QUEUE_PROPERTIES = new QueueProperties(LEASE, 3, Duration.ZERO, Duration.ofSeconds(10));

    static final String DATASET = "bands";

    final DataSource dataSource;

    final MutableClock clock = MutableClock.atFixedStart();

    final PostgresJobQueue queue;

    final JdbcTemplate jdbc;

    final RecordingRecorder recorder;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final ArtifactStore artifacts;

    final PipelineBeans beans;

    final PipelineProperties properties;

    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    private final SupernetCache supernets;

    PipelineHarness(DataSource dataSource, Path root, PipelineProperties properties) {
        this(dataSource, root, root.resolve("packages"), properties);
    }

    /** @param packageRoot where built-in datasets are installed, for example {@code /usr/share/datasets} */
    PipelineHarness(DataSource dataSource, Path root, Path packageRoot, PipelineProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.queue = TestQueues.create(dataSource, clock, QUEUE_PROPERTIES);
        this.jdbc = new JdbcTemplate(dataSource);
        this.recorder = new RecordingRecorder(queue);
        this.artifacts = new ArtifactStore(new ArtifactProperties(root.resolve("artifacts")));
        this.supernets = new SupernetCache(properties.supernetCacheSize());

        Path datasets = root.resolve("datasets");
        DatasetRegistry registry = new DatasetRegistry(jdbc, new DatasetProperties(packageRoot, List.of(datasets)));
        if (registry.list().stream().noneMatch(source -> source.name().equals(DATASET))) {
            writeBandsDataset(datasets.resolve(DATASET), 240, 60);
            registry.register(new DatasetRegistration(DATASET, DatasetFormat.IDX,
                    datasets.resolve(DATASET).toString(), null, null));
        }
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.beans = new PipelineBeans(queue, new NamedParameterJdbcTemplate(dataSource), transactions, clock, meters,
                properties, artifacts, new PreparedDatasets(registry, properties.maxValidationImages()), supernets,
                heartbeats, Duration.ofMillis(200), () -> recorder);
    }

    /** Settings with short intervals, so tests see several metric points and checkpoints per supernet. */
    static PipelineProperties testProperties() {
        return new PipelineProperties(1, 4, 3, 64, 3, Duration.ofMillis(20), Duration.ofMinutes(2), 0, 2);
    }

    /**
     * Returns a spec over the bands dataset small enough for a test: 8x8 images, two choices per
     * dimension, two epochs of 12 steps per supernet, one space-evolution step that moves a
     * dimension, and three generations of six candidates.
     */
    static ExperimentSpec tinySpec(String name) {
        String json = """
                {
                  "name": "%s",
                  "dataset": { "name": "bands", "validationFraction": 0.2 },
                  "space": {
                    "family": "vit", "imageSize": 8, "channels": 1, "patchSize": 4, "numClasses": 3,
                    "embedDim": [8, 12], "depth": [1, 2], "numHeads": [1, 2], "mlpRatio": [1.0, 2.0],
                    "qkvDim": [4, 8]
                  },
                  "supernet": { "epochs": 2, "batchSize": 16, "learningRate": 0.005, "weightDecay": 0.05,
                                "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
                  "spaceEvolution": { "steps": 1, "etSamples": 8, "etTopK": 3, "slopeThreshold": 0.0 },
                  "evolution": { "population": 6, "generations": 3, "parents": 2, "mutations": 2,
                                 "crossovers": 2, "mutationProbability": 0.5 },
                  "topK": 2,
                  "seed": 7
                }
                """.formatted(name);
        JsonNode node = SpecJson.mapper().readTree(json);
        ExperimentSpec spec = SpecJson.mapper().treeToValue(node, ExperimentSpec.class);
        return spec;
    }

    /** Returns {@code spec} with one field of one section, such as {@code supernet.finalEpochs}, set to {@code value}. */
    static ExperimentSpec with(ExperimentSpec spec, String section, String field, double value) {
        ObjectNode node = SpecJson.mapper().valueToTree(spec);
        ObjectNode settings = (ObjectNode) node.get(section);
        if (value == Math.rint(value)) {
            settings.put(field, (long) value);
        } else {
            settings.put(field, value);
        }
        return SpecJson.mapper().treeToValue(node, ExperimentSpec.class);
    }

    /** Returns {@code spec} with {@code epochs} supernet epochs per space. */
    static ExperimentSpec withEpochs(ExperimentSpec spec, int epochs) {
        SupernetSettings supernet = spec.supernet();
        SupernetSettings longer = new SupernetSettings(epochs, supernet.batchSize(), supernet.learningRate(),
                supernet.weightDecay(), supernet.warmupEpochs(), supernet.labelSmoothing(), supernet.subnetsPerStep(),
                null, supernet.flipProbability(), supernet.maxShift(), supernet.fineTuneEpochs(),
                supernet.fineTuneLearningRate());
        return new ExperimentSpec(spec.name(), spec.dataset(), spec.space(), longer, spec.spaceEvolution(),
                spec.evolution(), spec.constraints(), spec.topK(), spec.seed(), spec.priority());
    }

    /** Returns {@code spec} with {@code generations} generations of the evolutionary search. */
    static ExperimentSpec withGenerations(ExperimentSpec spec, int generations) {
        EvolutionSettings evolution = spec.evolution();
        EvolutionSettings longer = new EvolutionSettings(evolution.population(), generations, evolution.parents(),
                evolution.mutations(), evolution.crossovers(), evolution.mutationProbability(),
                evolution.depthMutationProbability());
        return new ExperimentSpec(spec.name(), spec.dataset(), spec.space(), spec.supernet(), spec.spaceEvolution(),
                longer, spec.constraints(), spec.topK(), spec.seed(), spec.priority());
    }

    /** Inserts a QUEUED experiment row and enqueues its job, as the experiment service does. */
    UUID submit(ExperimentSpec spec) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.update("""
                INSERT INTO experiment (id, name, spec, status, priority, created_at, updated_at)
                VALUES (?, ?, CAST(? AS jsonb), 'QUEUED', 0, ?, ?)
                """, id, spec.name(), SpecJson.write(spec), now, now);
        queue.enqueue(new NewJob(id, ExperimentService.JOB_KIND, 0, null, 3, null));
        return id;
    }

    /** Claims the next experiment job as a worker would. */
    JobContext claimExperiment(String workerId) {
        Optional<ClaimedJob> job = queue.claim(workerId, List.of(ExperimentService.JOB_KIND));
        return new JobContext(job.orElseThrow(() -> new AssertionError("no experiment job is due")), "cpu");
    }

    /** Runs one attempt of the experiment pipeline on this thread and completes the job when it returns. */
    void runAttempt(JobContext context) throws Exception {
        beans.experimentPipeline().run(context);
        queue.complete(context.job().lease());
    }

    /** Lets every running lease expire and returns the jobs to the queue, as after a killed worker. */
    void expireLeases() {
        clock.advance(LEASE.plusSeconds(1));
        queue.reclaimExpiredLeases();
    }

    Worker startWorker(String device, Duration heartbeat) {
        WorkerProperties workerProperties = new WorkerProperties(List.of(device), heartbeat, Duration.ofMillis(20),
                Duration.ofSeconds(2), Duration.ofSeconds(1));
        List<Pipeline> pipelines = List.of(beans.experimentPipeline(), beans.evaluationPipeline());
        Worker worker = new Worker(device, queue, pipelines, workerProperties, QUEUE_PROPERTIES);
        worker.start();
        return worker;
    }

    double evaluationCount() {
        return meters.get("vitsearch.evaluations").counter().count();
    }

    long storedResults(UUID experimentId) {
        return jdbc.queryForObject("SELECT count(*) FROM evaluation_result WHERE experiment_id = ?", Long.class,
                experimentId);
    }

    Optional<PipelineState> checkpoint(UUID experimentId) {
        return beans.checkpoints().load(experimentId);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        supernets.close();
    }

    /**
     * Writes an IDX dataset of 8x8 grayscale images in three classes: class k brightens rows
     * {@code 3k} to {@code 3k + 2} a little on top of strong noise, so subnets of a briefly trained supernet
     * reach different errors.
     */
    static void writeBandsDataset(Path folder, int trainCount, int testCount) {
        try {
            Files.createDirectories(folder);
            Random random = new Random(11);
            writeSplit(folder, "train", trainCount, random);
            writeSplit(folder, "t10k", testCount, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSplit(Path folder, String prefix, int count, Random random) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream imageOut = new DataOutputStream(images);
                DataOutputStream labelOut = new DataOutputStream(labels)) {
            imageOut.writeInt(0x00000803);
            imageOut.writeInt(count);
            imageOut.writeInt(8);
            imageOut.writeInt(8);
            labelOut.writeInt(0x00000801);
            labelOut.writeInt(count);
            for (int i = 0; i < count; i++) {
                int label = i % 3;
                labelOut.writeByte(label);
                for (int y = 0; y < 8; y++) {
                    boolean band = y / 3 == label;
                    for (int x = 0; x < 8; x++) {
                        int value = (band ? 90 : 60) + random.nextInt(110);
                        imageOut.writeByte(value);
                    }
                }
            }
        }
        Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
    }
}
