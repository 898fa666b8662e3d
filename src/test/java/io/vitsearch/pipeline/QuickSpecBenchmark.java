package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;

import com.zaxxer.hikari.HikariDataSource;
import io.vitsearch.experiment.ArchitectureRecord;
import io.vitsearch.experiment.MetricPoint;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.SpecJson;
import io.vitsearch.queue.JobState;
import io.vitsearch.search.SearchJson;
import io.vitsearch.supernet.ComputeDevice;
import io.vitsearch.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs an example spec end to end on one worker and reports the time of each phase, run only on
 * request and when Fashion-MNIST is installed:
 * {@code ./mvnw -B -o -q test -Dtest=QuickSpecBenchmark -Dvitsearch.bench=true}. The spec is
 * {@code examples/fashion-mnist-quick.json} unless {@code -Dbench.spec} names another file. Results
 * go to stdout and target/bench/pipeline-NAME.txt, NAME being the spec's name.
 */
@EnabledIfSystemProperty(named = "vitsearch.bench", matches = "true")
class QuickSpecBenchmark {

    private static final Path PACKAGE_ROOT = Path.of("/usr/share/datasets");

    @TempDir
    Path root;

    private final List<String> lines = new ArrayList<>();

    @Test
    void quickSpec() throws Exception {
        assumeThat(Files.exists(PACKAGE_ROOT.resolve("fashion-mnist/train-images-idx3-ubyte.gz")))
                .as("Fashion-MNIST is not installed; install the Debian package dataset-fashion-mnist").isTrue();
        Path specFile = Path.of(System.getProperty("bench.spec", "examples/fashion-mnist-quick.json"));
        ExperimentSpec spec = SpecJson.mapper().readValue(Files.readString(specFile), ExperimentSpec.class);

        try (HikariDataSource dataSource = TestDatabases.createMigratedDataSource(6);
                PipelineHarness harness = new PipelineHarness(dataSource, root, PACKAGE_ROOT,
                        PipelineProperties.defaults())) {
            // Fine-tuning and export alternate, once per exported architecture, so each phase's
            // time is summed over its stretches.
            Map<String, Long> phaseNanos = new LinkedHashMap<>();
            String[] current = {null};
            long[] currentSince = {0};
            harness.recorder.onCall = call -> {
                if (call.method().equals("progress")) {
                    io.vitsearch.experiment.Progress progress = (io.vitsearch.experiment.Progress) call.value();
                    String phase = progress.phase() + (progress.spaceStep() != null
                            ? " (space " + progress.spaceStep() + ")" : "");
                    long now = System.nanoTime();
                    if (!phase.equals(current[0])) {
                        if (current[0] != null) {
                            phaseNanos.merge(current[0], now - currentSince[0], Long::sum);
                        }
                        current[0] = phase;
                        currentSince[0] = now;
                    }
                }
            };
            UUID id = harness.submit(spec);
            long started = System.nanoTime();
            harness.runAttempt(harness.claimExperiment("benchmark/cpu"));
            long finished = System.nanoTime();

            report("date %s, intra-op threads %d, available processors %d, spec %s", LocalDate.now(),
                    ComputeDevice.intraOpThreads(), Runtime.getRuntime().availableProcessors(), spec.name());
            report("total %s", Duration.ofNanos(finished - started));
            if (current[0] != null) {
                phaseNanos.merge(current[0], finished - currentSince[0], Long::sum);
            }
            phaseNanos.forEach((phase, nanos) -> report("  %-40s %s", phase, Duration.ofNanos(nanos)));
            double imagesPerSecond = harness.recorder.metrics.stream()
                    .filter(point -> point.name().equals("images-per-second"))
                    .mapToDouble(MetricPoint::value).average().orElse(Double.NaN);
            report("mean training images/s %.0f, evaluated architectures %.0f, space steps %d, generations %d",
                    imagesPerSecond, harness.evaluationCount(), harness.recorder.spaceSteps(id).size(),
                    harness.recorder.generations(id).size());
            for (io.vitsearch.search.SpaceStep step : harness.recorder.spaceSteps(id).values()) {
                report("  space step %d, E-T error %.4f: %s", step.index(), step.etError(), step.dimensions().stream()
                        .map(dimension -> dimension.name() + " " + dimension.decision() + " " + dimension.after())
                        .toList());
            }
            for (ArchitectureRecord record : harness.recorder.architectures(id).values()) {
                report("  rank %d: %s params %d, FLOPs %d, validation error %.4f, test accuracy %.4f (%.4f with "
                        + "inherited weights)", record.rank(), record.architecture().id(), record.params(),
                        record.flops(), record.validationError(), record.testAccuracy(),
                        inheritedTestAccuracy(harness, record));
                report("    %s", record.architecture());
            }
            Files.createDirectories(Path.of("target/bench"));
            Files.write(Path.of("target/bench/pipeline-" + spec.name() + ".txt"), lines);
            assertThat(harness.queue.findByExperiment(id).get(0).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static double inheritedTestAccuracy(PipelineHarness harness, ArchitectureRecord record)
            throws IOException {
        try (ZipFile zip = new ZipFile(harness.artifacts.resolve(record.modelPath()).toFile())) {
            return SearchJson.mapper().readTree(zip.getInputStream(zip.getEntry("metrics.json")))
                    .get("inheritedTestAccuracy").asDouble();
        }
    }

    private void report(String format, Object... arguments) {
        String line = String.format(Locale.ROOT, format, arguments);
        lines.add(line);
        System.out.println(line);
    }
}
