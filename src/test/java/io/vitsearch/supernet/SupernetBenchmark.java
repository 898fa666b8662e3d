package io.vitsearch.supernet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitSpace;

/**
 * Throughput and memory of supernet training and evaluation, run only on request:
 * {@code ./mvnw -B -o -q test -Dtest=SupernetBenchmark -Dvitsearch.bench=true}. Optional:
 * {@code -Dbench.threads} (intra-op threads, default 2), {@code -Dbench.rssSteps} (default 2000),
 * {@code -Dbench.rssBatch} (default 32). Results go to stdout and target/bench/supernet.txt.
 */
@EnabledIfSystemProperty(named = "vitsearch.bench", matches = "true")
class SupernetBenchmark {

    private static final VitSpace SPACE = new VitSpace(28, 1, 4, 10, List.of(48, 64, 96), List.of(2, 3, 4),
            List.of(2, 3, 4), List.of(2.0, 3.0, 4.0), List.of(48, 72, 96));
    private static final int BATCH = 128;
    private static final int WARMUP_STEPS = 5;
    private static final int TIMED_STEPS = 40;

    private final List<String> lines = new ArrayList<>();

    @Test
    void measure() throws IOException {
        int threads = Integer.getInteger("bench.threads", 2);
        int rssSteps = Integer.getInteger("bench.rssSteps", 2000);
        int rssBatch = Integer.getInteger("bench.rssBatch", 32);
        ComputeDevice.setIntraOpThreads(threads);
        Device device = ComputeDevice.preferred();
        report("date %s, device %s, GPUs %d, intra-op threads %d, available processors %d", LocalDate.now(), device,
                Engine.getInstance().getGpuCount(), ComputeDevice.intraOpThreads(),
                Runtime.getRuntime().availableProcessors());

        LabeledImages data = TinySpaces.synthetic(SPACE, 2_560, 1);
        VitArchitecture smallest = TinySpaces.smallest(SPACE);
        VitArchitecture largest = TinySpaces.largest(SPACE);
        report("supernet parameters %d, smallest subnet %d, largest %d", SubnetPropertyTest.vitParameterCount(largest),
                SubnetPropertyTest.vitParameterCount(smallest), SubnetPropertyTest.vitParameterCount(largest));

        trainingThroughput("smallest subnet", random -> smallest, data, device);
        trainingThroughput("largest subnet", random -> largest, data, device);
        trainingThroughput("uniform sampling", new UniformSubnetSampler(SPACE), data, device);

        try (VitSupernet supernet = VitSupernet.create(SPACE, 1, device)) {
            for (VitArchitecture subnet : List.of(smallest, largest)) {
                supernet.top1Error(subnet, data, 256);
                long started = System.nanoTime();
                supernet.top1Error(subnet, data, 256);
                double seconds = (System.nanoTime() - started) / 1e9;
                report("evaluation, %s: %.0f images/s (batch 256, %d images)", subnet == smallest ? "smallest" : "largest",
                        data.size() / seconds, data.size());
            }
        }

        residentMemory(rssSteps, rssBatch, data, device);
        Files.createDirectories(Path.of("target/bench"));
        Files.write(Path.of("target/bench/supernet.txt"), lines);
    }

    private void trainingThroughput(String label, SubnetSampler sampler, LabeledImages data, Device device) {
        try (VitSupernet supernet = VitSupernet.create(SPACE, 1, device);
                SupernetTrainer trainer = new SupernetTrainer(supernet,
                        TrainingSettings.of(1e-3, 10, 1_000, 0.05, 0.1, 1, 1), sampler,
                        new ShuffledBatches(data, BATCH, 2))) {
            trainer.train(WARMUP_STEPS);
            TrainingResult result = trainer.train(TIMED_STEPS);
            report("training, %s: %.0f images/s (batch %d, %d steps after %d warm-up steps, %.1f ms/step)", label,
                    result.imagesPerSecond(), BATCH, TIMED_STEPS, WARMUP_STEPS,
                    result.elapsed().toNanos() / 1e6 / TIMED_STEPS);
        }
    }

    private void residentMemory(int steps, int batch, LabeledImages data, Device device) throws IOException {
        try (VitSupernet supernet = VitSupernet.create(SPACE, 1, device);
                SupernetTrainer trainer = new SupernetTrainer(supernet,
                        TrainingSettings.of(1e-3, 100, steps, 0.05, 0.1, 1, 1), new UniformSubnetSampler(SPACE),
                        new ShuffledBatches(data, batch, 2))) {
            List<String> samples = new ArrayList<>();
            for (int done = 0; done < steps; done += 100) {
                trainer.train(Math.min(100, steps - done));
                samples.add(String.format(Locale.ROOT, "%d:%d", trainer.step(), residentKilobytes() / 1024));
            }
            report("RSS (step:MiB) over %d uniformly sampled steps at batch %d: %s", steps, batch,
                    String.join(" ", samples));
        }
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no VmRSS line");
    }

    private void report(String format, Object... arguments) {
        String line = String.format(Locale.ROOT, format, arguments);
        lines.add(line);
        System.out.println(line);
    }
}
