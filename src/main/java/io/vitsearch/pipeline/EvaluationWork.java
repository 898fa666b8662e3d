package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import io.micrometer.core.instrument.Counter;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.Architecture;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.supernet.LabeledImages;
import io.vitsearch.worker.NonRetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the architectures of one {@link EvaluationRequest} that have no stored result yet, each
 * with inherited supernet weights and no fine-tuning, and stores every error as soon as it is
 * measured, so a stopped job leaves its finished part behind.
 */
class EvaluationWork {

    private static final Logger log = LoggerFactory.getLogger(EvaluationWork.class);

    private final EvaluationResults results;

    private final SupernetCache supernets;

    private final PreparedDatasets datasets;

    private final ArtifactStore artifacts;

    private final Counter evaluations;

    EvaluationWork(EvaluationResults results, SupernetCache supernets, PreparedDatasets datasets,
            ArtifactStore artifacts, Counter evaluations) {
        this.results = results;
        this.supernets = supernets;
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.evaluations = evaluations;
    }

    /**
     * Evaluates what is missing and returns how many architectures this call evaluated.
     *
     * @param ensureActive called before each architecture; throws to stop
     * @throws NonRetryableException when the checkpoint no longer exists or an architecture is not
     *     of the vit family
     */
    int run(EvaluationRequest request, Lease lease, Device device, Runnable ensureActive) throws IOException {
        List<Architecture> missing = missing(request);
        if (missing.isEmpty()) {
            log.debug("Evaluation of {} architectures on checkpoint {} found every result stored already",
                    request.architectures().size(), request.checkpointKey());
            return 0;
        }

        Path checkpoint = artifacts.resolve(request.checkpointKey());
        if (!Files.isDirectory(checkpoint)) {
            throw new NonRetryableException("Supernet checkpoint " + request.checkpointKey() + " of experiment "
                    + request.experimentId() + " no longer exists, so " + missing.size() + " architectures cannot "
                    + "be evaluated on it; the experiment has moved on to a later supernet or was deleted");
        }
        LabeledImages validation = datasets.prepare(request.data()).validation();

        long started = System.nanoTime();
        for (Architecture architecture : missing) {
            ensureActive.run();
            if (!(architecture instanceof VitArchitecture vit)) {
                throw new NonRetryableException("Architecture " + architecture.id() + " is not of the vit family; "
                        + "only vit supernets can evaluate subnets");
            }

            double error;
            try (SupernetCache.Lease supernet = supernets.acquire(checkpoint, device)) {
                error = supernet.supernet().top1Error(vit, validation, request.batchSize());
            }
            results.insert(lease, request.experimentId(), request.checkpointKey(), architecture.id(), error);
            evaluations.increment();
        }
        log.debug("Evaluated {} architectures on checkpoint {} with {} validation images in {} ms", missing.size(),
                request.checkpointKey(), validation.size(), (System.nanoTime() - started) / 1_000_000);
        return missing.size();
    }

    private List<Architecture> missing(EvaluationRequest request) {
        List<String> ids = request.architectures().stream().map(Architecture::id).toList();
        Map<String, Double> stored = results.find(request.experimentId(), request.checkpointKey(), ids);
        List<Architecture> missing = new ArrayList<>();
        for (Architecture architecture : request.architectures()) {
            if (!stored.containsKey(architecture.id())) {
                missing.add(architecture);
            }
        }
        return missing;
    }
}
