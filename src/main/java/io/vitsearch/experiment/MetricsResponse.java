package io.vitsearch.experiment;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** An experiment's training curves, one series per metric name in order of first appearance. */
@Schema(name = "Metrics", description = "Training curves grouped by metric name")
public record MetricsResponse(
        @Schema(example = "0b9e4c55-4a8f-4f0e-9a57-3c1d2b6f7e10") UUID experimentId,
        List<MetricSeries> series) {
}
