package io.vitsearch.experiment.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vitsearch.search.VitSpace;
import io.vitsearch.search.Violation;
import org.junit.jupiter.api.Test;

class ExperimentSpecTest {

    private static final VitSpace SPACE = new VitSpace(28, 1, 4, 10, List.of(48, 64), List.of(2, 3), List.of(2, 4),
            List.of(2.0, 4.0), List.of(48, 64));

    @Test
    void omittedSettingsTakeDefaults() {
        ExperimentSpec spec = minimal();

        assertThat(spec.dataset().validationFraction()).isEqualTo(0.1);
        assertThat(spec.supernet()).isEqualTo(new SupernetSettings(10, 128, 0.001, 0.05, 1, 0.1, 1, 10, 0.0, 0, 0, 0.00025));
        assertThat(spec.spaceEvolution()).isEqualTo(new SpaceEvolutionSettings(2, 200, 20, 0.002, null));
        assertThat(spec.evolution()).isEqualTo(new EvolutionSettings(50, 20, 10, 25, 25, 0.2, 0.4));
        assertThat(spec.constraints()).isEqualTo(ResourceConstraints.none());
        assertThat(spec.topK()).isEqualTo(3);
        assertThat(spec.seed()).isZero();
        assertThat(spec.priority()).isZero();
    }

    @Test
    void hashIgnoresSpelledOutDefaults() {
        ExperimentSpec explicit = new ExperimentSpec("run", new DatasetSpec("mnist", 0.1), SPACE,
                new SupernetSettings(10, 128, 0.001, 0.05, 1, 0.1, 1, 10, 0.0, 0, 0, 0.00025), null, null, null, 3, 0L, 0);

        assertThat(SpecJson.hash(explicit)).isEqualTo(SpecJson.hash(minimal()));
        assertThat(SpecJson.hash(minimal().withSpace(null))).isNotEqualTo(SpecJson.hash(minimal()));
    }

    @Test
    void writtenSpecReadsBack() {
        ExperimentSpec spec = minimal();

        String json = SpecJson.write(spec);

        assertThat(json).startsWith("{\"name\":\"run\",\"dataset\":");
        assertThat(SpecJson.mapper().readValue(json, ExperimentSpec.class)).isEqualTo(spec);
    }

    @Test
    void crossFieldViolationsHaveFullPaths() {
        ExperimentSpec spec = new ExperimentSpec("run", new DatasetSpec("mnist", null), SPACE,
                new SupernetSettings(2, null, null, null, 3, null, null, null, null, null, null, null),
                new SpaceEvolutionSettings(null, 10, 11, null, null),
                new EvolutionSettings(10, null, 11, 6, 5, null, null),
                new ResourceConstraints(10L, 5L, null), null, null, null);

        assertThat(spec.crossFieldViolations()).extracting(Violation::field).containsExactly(
                "supernet.warmupEpochs", "spaceEvolution.etTopK", "evolution.parents", "evolution.mutations",
                "constraints.minParams");
    }

    private static ExperimentSpec minimal() {
        return new ExperimentSpec("run", new DatasetSpec("mnist", null), SPACE, null, null, null, null, null, null, null);
    }

    @Test
    void finalEpochsAndShiftCrossChecked() {
        ExperimentSpec spec = new ExperimentSpec("run", new DatasetSpec("mnist", null), SPACE,
                new SupernetSettings(4, null, null, null, 3, null, null, 2, 0.5, SPACE.imageSize(), null, null),
                null, null, null, null, null, null);

        assertThat(spec.crossFieldViolations()).extracting(Violation::field, Violation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("supernet.warmupEpochs", "must be at most finalEpochs (2)"),
                org.assertj.core.groups.Tuple.tuple("supernet.maxShift",
                        "must be less than space.imageSize (" + SPACE.imageSize() + ")"));
    }
}
