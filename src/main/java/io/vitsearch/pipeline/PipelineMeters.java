package io.vitsearch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of the pipelines. Rates come from the dashboard: images per second is the rate
 * of {@code vitsearch.training.images}.
 */
final class PipelineMeters {

    final Counter trainingImages;

    final Counter evaluations;

    PipelineMeters(MeterRegistry registry) {
        this.trainingImages = Counter.builder("vitsearch.training.images")
                .description("Images passed forward and backward through supernets, once per sampled subnet")
                .baseUnit("images")
                .register(registry);
        this.evaluations = Counter.builder("vitsearch.evaluations")
                .description("Subnets evaluated on a validation split")
                .baseUnit("architectures")
                .register(registry);
    }
}
