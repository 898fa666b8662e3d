package io.vitsearch.experiment;

/** Example bodies shown in the API description. */
final class ApiExamples {

    static final String SPEC = """
            {
              "name": "fashion-quick",
              "dataset": { "name": "fashion-mnist", "validationFraction": 0.1 },
              "space": {
                "family": "vit",
                "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                "embedDim": [48, 64, 96], "depth": [2, 3, 4],
                "numHeads": [2, 3, 4], "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96]
              },
              "supernet": { "epochs": 3, "batchSize": 128, "learningRate": 0.001, "weightDecay": 0.05,
                            "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
              "spaceEvolution": { "steps": 1, "etSamples": 100, "etTopK": 10, "slopeThreshold": 0.002 },
              "evolution": { "population": 20, "generations": 5, "parents": 5, "mutations": 10,
                             "crossovers": 10, "mutationProbability": 0.2 },
              "constraints": { "minParams": 50000, "maxParams": 400000 },
              "topK": 3,
              "seed": 42,
              "priority": 0
            }
            """;

    static final String EXPERIMENT = """
            {
              "id": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "name": "fashion-quick",
              "status": "QUEUED",
              "phase": null,
              "progress": 0.0,
              "priority": 0,
              "timings": { "createdAt": "2025-05-01T09:30:00Z", "startedAt": null, "finishedAt": null,
                           "updatedAt": "2025-05-01T09:30:00Z" },
              "failureReason": null,
              "spec": {
                "name": "fashion-quick",
                "dataset": { "name": "fashion-mnist", "validationFraction": 0.1 },
                "space": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                           "embedDim": [48, 64, 96], "depth": [2, 3, 4], "numHeads": [2, 3, 4],
                           "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96] },
                "supernet": { "epochs": 3, "batchSize": 128, "learningRate": 0.001, "weightDecay": 0.05,
                              "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
                "spaceEvolution": { "steps": 1, "etSamples": 100, "etTopK": 10, "slopeThreshold": 0.002,
                                    "stepSize": null },
                "evolution": { "population": 20, "generations": 5, "parents": 5, "mutations": 10,
                               "crossovers": 10, "mutationProbability": 0.2, "depthMutationProbability": 0.4 },
                "constraints": { "minParams": 50000, "maxParams": 400000, "maxFlops": null },
                "topK": 3,
                "seed": 42,
                "priority": 0
              }
            }
            """;

    static final String INVALID_SPEC = """
            {
              "type": "urn:vitsearch:problem:invalid-request",
              "title": "Invalid request",
              "status": 400,
              "detail": "The request has 2 invalid values in evolution.parents, space.qkvDim[1]; see errors.",
              "instance": "/api/v1/experiments",
              "errors": [
                { "field": "evolution.parents", "rejectedValue": 60, "message": "must be at most population (50)" },
                { "field": "space.qkvDim[1]", "rejectedValue": 70,
                  "message": "must be divisible by every numHeads choice; not divisible by 4" }
              ]
            }
            """;

    static final String CANCEL_CONFLICT = """
            {
              "type": "urn:vitsearch:problem:invalid-state-transition",
              "title": "Action not allowed in the current status",
              "status": 409,
              "detail": "Cannot cancel experiment 0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10 because it is SUCCEEDED; cancel applies to experiments that are QUEUED, RUNNING or CANCELLING.",
              "instance": "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/cancel",
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "currentStatus": "SUCCEEDED",
              "action": "cancel"
            }
            """;

    private ApiExamples() {
    }
}
