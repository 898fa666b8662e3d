package io.vitsearch.pipeline;

import java.util.List;
import java.util.UUID;

import io.vitsearch.search.Architecture;
import io.vitsearch.search.SearchJson;
import io.vitsearch.worker.NonRetryableException;

/**
 * The payload of an {@code evaluation} job: architectures to evaluate through one trained
 * supernet checkpoint on an experiment's validation split.
 *
 * @param experimentId the experiment whose results these are
 * @param checkpointKey the supernet checkpoint's folder, relative to the artifact store's root;
 *     results are stored under this key
 * @param data the dataset and split to evaluate on
 * @param batchSize images per forward pass
 * @param architectures the architectures, without duplicates
 */
record EvaluationRequest(UUID experimentId, String checkpointKey, PreparedDatasets.DataKey data, int batchSize,
        List<Architecture> architectures) {

    EvaluationRequest {
        architectures = List.copyOf(architectures);
    }

    /**
     * Reads a job's payload.
     *
     * @throws NonRetryableException when the payload is missing or malformed, which another attempt
     *     would repeat
     */
    static EvaluationRequest parse(String payload) {
        if (payload == null) {
            throw new NonRetryableException("An evaluation job needs a payload naming the checkpoint and the "
                    + "architectures, but it has none");
        }
        try {
            return SearchJson.mapper().readValue(payload, EvaluationRequest.class);
        } catch (RuntimeException e) {
            throw new NonRetryableException("The evaluation job's payload is invalid: " + e.getMessage(), e);
        }
    }

    String toJson() {
        return SearchJson.mapper().writeValueAsString(this);
    }
}
