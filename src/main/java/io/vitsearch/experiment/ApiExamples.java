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
              "spaceStep": null,
              "epoch": null,
              "generation": null,
              "estimatedFinish": null,
              "priority": 0,
              "timings": { "createdAt": "2025-05-01T09:30:00Z", "startedAt": null, "finishedAt": null,
                           "updatedAt": "2025-05-01T09:30:00Z" },
              "best": null,
              "failureReason": null,
              "spec": {
                "name": "fashion-quick",
                "dataset": { "name": "fashion-mnist", "validationFraction": 0.1 },
                "space": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                           "embedDim": [48, 64, 96], "depth": [2, 3, 4], "numHeads": [2, 3, 4],
                           "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96] },
                "supernet": { "epochs": 3, "batchSize": 128, "learningRate": 0.001, "weightDecay": 0.05,
                              "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
                "spaceEvolution": { "steps": 1, "etSamples": 100, "etTopK": 10, "slopeThreshold": 0.002 },
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

    /** A running experiment in its evolutionary search; the spec is shortened to its name. */
    static final String EXPERIMENT_SEARCHING = """
            {
              "id": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "name": "fashion-quick",
              "status": "RUNNING",
              "phase": "EVOLUTIONARY_SEARCH",
              "progress": 0.82,
              "spaceStep": null,
              "epoch": null,
              "generation": 3,
              "estimatedFinish": "2025-05-01T10:20:00Z",
              "priority": 0,
              "timings": { "createdAt": "2025-05-01T09:30:00Z", "startedAt": "2025-05-01T09:30:02Z",
                           "finishedAt": null, "updatedAt": "2025-05-01T10:05:44Z" },
              "best": {
                "archId": "3f9c2a7b10d4e851", "rank": null, "generation": 2,
                "architecture": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                                "embedDim": 64, "depth": 2,
                                "layers": [ { "numHeads": 2, "mlpRatio": 3.0, "qkvDim": 48 },
                                            { "numHeads": 4, "mlpRatio": 4.0, "qkvDim": 72 } ] },
                "validationError": 0.1412, "testAccuracy": null, "params": 212874, "flops": 6183424
              },
              "failureReason": null,
              "spec": { "name": "fashion-quick" }
            }
            """;

    static final String SPACE_STEPS = """
            {
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "spaceSteps": [ {
                "spaceStep": 0,
                "before": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                            "embedDim": [48, 64, 96], "depth": [2, 3, 4], "numHeads": [2, 3, 4],
                            "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96] },
                "after": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                           "embedDim": [64, 80, 112], "depth": [2, 3, 4], "numHeads": [2, 3, 4],
                           "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96] },
                "etError": 0.2315,
                "moved": true,
                "dimensions": [ {
                  "name": "embedDim", "scope": "GLOBAL",
                  "choices": [ { "value": 48.0, "samples": 31, "etError": 0.2563 },
                               { "value": 64.0, "samples": 36, "etError": 0.2301 },
                               { "value": 96.0, "samples": 33, "etError": 0.2108 } ],
                  "slope": -0.000895,
                  "decision": "UP",
                  "stepSize": 16.0,
                  "reason": "E-T error falls as the value grows (slope -0.000895000, |slope x span| 0.0429600 above the threshold 0.002), so every choice shifts up by 16: [48, 64, 96] -> [64, 80, 112]",
                  "after": [64.0, 80.0, 112.0]
                }, {
                  "name": "depth", "scope": "GLOBAL",
                  "choices": [ { "value": 2.0, "samples": 35, "etError": 0.2322 },
                               { "value": 3.0, "samples": 34, "etError": 0.2318 },
                               { "value": 4.0, "samples": 31, "etError": 0.2311 } ],
                  "slope": -0.00055,
                  "decision": "KEEP",
                  "stepSize": 1.0,
                  "reason": "|slope x span| = |-0.000550000 x 2| = 0.00110000 is within the threshold 0.002",
                  "after": [2.0, 3.0, 4.0]
                } ],
                "recordedAt": "2025-05-01T09:52:10Z"
              } ]
            }
            """;

    static final String GENERATION = """
            {
              "generation": 3,
              "size": 1,
              "bestArchId": "3f9c2a7b10d4e851",
              "bestValidationError": 0.1412,
              "population": [ {
                "archId": "3f9c2a7b10d4e851",
                "architecture": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                                "embedDim": 64, "depth": 2,
                                "layers": [ { "numHeads": 2, "mlpRatio": 3.0, "qkvDim": 48 },
                                            { "numHeads": 4, "mlpRatio": 4.0, "qkvDim": 72 } ] },
                "validationError": 0.1412,
                "params": 212874,
                "flops": 6183424,
                "origin": "crossover",
                "parentArchIds": ["a1c93e0f7b2d4455", "5d0e8b7c3a916f20"]
              } ],
              "recordedAt": "2025-05-01T10:05:44Z"
            }
            """;

    static final String GENERATIONS = """
            {
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "generations": [ {
                "generation": 0,
                "size": 1,
                "bestArchId": "a1c93e0f7b2d4455",
                "bestValidationError": 0.1633,
                "population": [ {
                  "archId": "a1c93e0f7b2d4455",
                  "architecture": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                                "embedDim": 64, "depth": 2,
                                "layers": [ { "numHeads": 2, "mlpRatio": 3.0, "qkvDim": 48 },
                                            { "numHeads": 4, "mlpRatio": 4.0, "qkvDim": 72 } ] },
                  "validationError": 0.1633,
                  "params": 198410,
                  "flops": 5872640,
                  "origin": "random",
                  "parentArchIds": []
                } ],
                "recordedAt": "2025-05-01T09:58:31Z"
              } ]
            }
            """;

    static final String ARCHITECTURES = """
            {
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "architectures": [ {
                "rank": 1,
                "archId": "3f9c2a7b10d4e851",
                "architecture": { "family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                                "embedDim": 64, "depth": 2,
                                "layers": [ { "numHeads": 2, "mlpRatio": 3.0, "qkvDim": 48 },
                                            { "numHeads": 4, "mlpRatio": 4.0, "qkvDim": 72 } ] },
                "validationError": 0.1285,
                "validationAccuracy": 0.8715,
                "testAccuracy": 0.8642,
                "params": 212874,
                "flops": 6183424,
                "modelUrl": "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/architectures/3f9c2a7b10d4e851/model",
                "modelSha256": "9a3f1c0e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468"
              } ]
            }
            """;

    static final String METRICS = """
            {
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10",
              "series": [ {
                "name": "train-loss",
                "points": [
                  { "phase": "TRAINING_SUPERNET", "spaceStep": 0, "epoch": 0, "step": 100, "value": 1.9124,
                    "recordedAt": "2025-05-01T09:33:05Z" },
                  { "phase": "TRAINING_SUPERNET", "spaceStep": 0, "epoch": 0, "step": 200, "value": 1.4231,
                    "recordedAt": "2025-05-01T09:34:11Z" } ]
              } ]
            }
            """;

    static final String METRICS_CSV = """
            phase,spaceStep,epoch,step,name,value,recordedAt
            TRAINING_SUPERNET,0,0,100,train-loss,1.9124,2025-05-01T09:33:05Z
            TRAINING_SUPERNET,0,0,200,train-loss,1.4231,2025-05-01T09:34:11Z
            FINAL_TRAINING,,2,1266,epoch-end,0.9317,2025-05-01T09:57:40Z
            """;

    static final String EVENTS = """
            id: 41
            event: phase
            data: {"phase": "EVOLUTIONARY_SEARCH", "previousPhase": "FINAL_TRAINING", "spaceStep": null, "epoch": null, "generation": 0, "progress": 0.7, "estimatedFinish": "2025-05-01T10:20:00Z"}

            id: 42
            event: generation
            data: {"generation": 0, "size": 20, "bestArchId": "a1c93e0f7b2d4455", "bestValidationError": 0.1633}

            id: 57
            event: completed
            data: {"status": "SUCCEEDED", "previousStatus": "RUNNING", "finishedAt": "2025-05-01T10:18:03Z"}

            """;

    static final String PREDICTION = """
            {
              "archId": "3f9c2a7b10d4e851",
              "images": [ {
                "image": "sneaker.png",
                "top": 3,
                "predictions": [
                  { "classIndex": 7, "className": "Sneaker", "probability": 0.913 },
                  { "classIndex": 5, "className": "Sandal", "probability": 0.061 },
                  { "classIndex": 9, "className": "Ankle boot", "probability": 0.019 } ]
              } ]
            }
            """;

    static final String GENERATION_NOT_FOUND = """
            {
              "type": "urn:vitsearch:problem:not-found",
              "title": "Result not found",
              "status": 404,
              "detail": "Experiment 0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10 has no generation 7; it has recorded 4 generations so far.",
              "instance": "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/generations/7",
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10"
            }
            """;

    static final String MODEL_NOT_EXPORTED = """
            {
              "type": "urn:vitsearch:problem:not-found",
              "title": "Result not found",
              "status": 404,
              "detail": "The model of architecture 3f9c2a7b10d4e851 of experiment 0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10 is not exported yet; it is available once the experiment's export phase stores it.",
              "instance": "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/architectures/3f9c2a7b10d4e851/model",
              "experimentId": "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10"
            }
            """;

    static final String INVALID_IMAGE = """
            {
              "type": "urn:vitsearch:problem:invalid-request",
              "title": "Invalid request",
              "status": 400,
              "detail": "The request has an invalid value in image[1]; see errors.",
              "instance": "/api/v1/experiments/0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10/architectures/3f9c2a7b10d4e851/predict",
              "errors": [ { "field": "image[1]", "rejectedValue": "scan.png",
                            "message": "cannot be decoded, the data is corrupt: Error reading PNG metadata" } ]
            }
            """;

    private ApiExamples() {
    }
}
