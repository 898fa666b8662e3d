package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidationTest {

    @Test
    void evolutionSettingsListEveryViolation() {
        InvalidSpecException error = rejected(() -> new EvolutionSettings(0, -1, 0, -2, 3, 1.5, -0.1, 0));

        assertThat(fields(error)).containsExactlyInAnyOrder("population", "generations", "parents", "mutations",
                "mutationProbability", "depthMutationProbability", "maxTries");
        assertThat(error.getMessage()).contains("mutationProbability = 1.5: must be between 0 and 1");
    }

    @Test
    void evolutionSettingsCheckSizesAgainstPopulation() {
        InvalidSpecException tooMany = rejected(() -> new EvolutionSettings(10, 5, 11, 6, 6, 0.2, 0.4, 10));
        InvalidSpecException oneParent = rejected(() -> new EvolutionSettings(10, 5, 1, 2, 2, 0.2, 0.4, 10));

        assertThat(tooMany.getMessage()).contains("parents = 11: must not exceed population (10)")
                .contains("mutations = 6: mutations + crossovers (12) must not exceed population (10)");
        assertThat(oneParent.getMessage()).contains("parents = 1: must be at least 2 when crossovers (2) is above 0");
    }

    @Test
    void evolutionSettingsDefaultMissingJsonFields() {
        EvolutionSettings settings = SearchJson.mapper().readValue("{\"population\":20,\"generations\":5}",
                EvolutionSettings.class);
        EvolutionSettings small = SearchJson.mapper().readValue("{\"population\":5}", EvolutionSettings.class);

        assertThat(settings).isEqualTo(new EvolutionSettings(20, 5, 10, 10, 10, 0.2, 0.4, 100));
        assertThat(small).isEqualTo(new EvolutionSettings(5, 20, 5, 2, 2, 0.2, 0.4, 100));
        assertThat(SearchJson.mapper().readValue("{}", EvolutionSettings.class)).isEqualTo(EvolutionSettings.defaults());
    }

    @Test
    void spaceEvolutionSettingsValidated() {
        InvalidSpecException error = rejected(() -> new SpaceEvolutionSettings(-1, 0, 0, -0.5, Map.of("depth", 0.0), 0));

        assertThat(fields(error)).containsExactlyInAnyOrder("steps", "etSamples", "etTopK", "slopeThreshold",
                "stepSize.depth", "maxTries");
        assertThat(error.getMessage()).contains("slopeThreshold = -0.5").contains("stepSize.depth = 0.0");
    }

    @Test
    void spaceEvolutionSettingsDefaultMissingJsonFields() {
        SpaceEvolutionSettings settings = SearchJson.mapper().readValue(
                "{\"steps\":1,\"etSamples\":100,\"etTopK\":10,\"slopeThreshold\":0.002}", SpaceEvolutionSettings.class);

        assertThat(settings.stepSize()).isEmpty();
        assertThat(settings.maxTries()).isEqualTo(SpaceEvolutionSettings.DEFAULT_MAX_TRIES);
        assertThat(SearchJson.mapper().readValue("{}", SpaceEvolutionSettings.class))
                .isEqualTo(SpaceEvolutionSettings.defaults());
    }

    @Test
    void constraintsValidated() {
        InvalidSpecException error = rejected(() -> new Constraints(500L, 100L, 0L));

        assertThat(error.getMessage()).contains("minParams = 500: must not exceed maxParams (100)")
                .contains("maxFlops = 0: must be at least 1");
        assertThat(SearchJson.mapper().readValue("{\"maxParams\":400000}", Constraints.class))
                .isEqualTo(new Constraints(null, 400_000L, null));
    }

    @Test
    void badSpacesNameFieldAndValue() {
        InvalidSpecException vit = rejected(() -> new VitSpace(28, 1, 4, 10, List.of(64), List.of(0, 2), List.of(3),
                List.of(-1.0), List.of(64)));
        InvalidSpecException stage = rejected(() -> new StageSpace(List.of(2, 1), List.of(32), List.of(0),
                List.of(2), List.of(4.0), List.of(33)));
        InvalidSpecException hierarchical = rejected(() -> new HierarchicalSpace(28, 1, 4, 10, List.of(
                stageSpace(), stageSpace())));

        assertThat(vit.getMessage()).contains("depth[0] = 0: must be at least 1").contains("mlpRatio[0] = -1.0")
                .contains("qkvDim[0] = 64: must be divisible by every numHeads choice; not divisible by 3");
        assertThat(fields(stage)).containsExactlyInAnyOrder("depth[1]", "windowSize[0]", "qkvDim[0]");
        assertThat(hierarchical.getMessage()).contains("imageSize = 28").contains("must be divisible by 2");
    }

    @Test
    void badArchitecturesNameFieldAndValue() {
        InvalidSpecException layer = rejected(() -> new VitLayer(3, 4.0, 64));
        InvalidSpecException block = rejected(() -> new Block(0, 2, 0.0, 32));
        InvalidSpecException stage = rejected(() -> new Stage(2, 32, List.of(new Block(4, 2, 4.0, 32))));

        assertThat(layer.getMessage()).isEqualTo("qkvDim = 64: must be divisible by numHeads (3)");
        assertThat(fields(block)).containsExactlyInAnyOrder("windowSize", "mlpRatio");
        assertThat(stage.getMessage()).contains("blocks = 1 entries").contains("depth 2");
    }

    @Test
    void candidateMustCarryItsArchitecturesId() {
        Architecture architecture = ArchitectureSampler.smallest(TestSpaces.vit());

        InvalidSpecException error = rejected(() -> new Candidate(architecture, "0000000000000000", Double.NaN, 1, 1,
                "mutant", List.of()));

        assertThat(error.getMessage()).contains("id = 0000000000000000: must be the architecture's id ("
                + architecture.id() + ")").contains("error = NaN").contains("origin = mutant");
    }

    @Test
    void searchStateRejectsGapInGenerations() {
        SearchState start = EvolutionarySearch.start(TestSpaces.vit(), EvolutionSettings.defaults(), Constraints.NONE,
                3, 1);

        InvalidSpecException error = rejected(() -> new SearchState(start.space(), start.settings(), start.constraints(),
                0, 1, start.random(), Map.of(), List.of(new Generation(1, List.of())), List.of()));

        assertThat(error.getMessage()).contains("topK = 0: must be at least 1")
                .contains("generations[0].index = 1: must be 0");
    }

    @Test
    void searchStateJsonShape() {
        SearchState state = EvolutionarySearch.step(EvolutionarySearch.start(TestSpaces.vit(),
                new EvolutionSettings(3, 2, 2, 1, 1, 0.2, 0.4, 10), Constraints.NONE, 2, 5),
                new SyntheticLandscape(a -> 0.25));

        String json = SearchJson.mapper().writeValueAsString(state);

        assertThat(json).startsWith("{\"space\":{\"family\":\"vit\"")
                .contains("\"settings\":{\"population\":3,")
                .contains("\"constraints\":{\"minParams\":null,")
                .contains("\"random\":{\"state\":[")
                .contains("\"errors\":{\"")
                .contains("\"generations\":[{\"index\":0,\"population\":[{\"architecture\":{\"family\":\"vit\"")
                .contains("\"origin\":\"random\",\"parentIds\":[]")
                .contains("\"best\":[");
    }

    private static InvalidSpecException rejected(Executable executable) {
        return assertThrows(InvalidSpecException.class, executable);
    }

    private static List<String> fields(InvalidSpecException error) {
        return error.violations().stream().map(Violation::field).toList();
    }

    private static StageSpace stageSpace() {
        return new StageSpace(List.of(1), List.of(16), List.of(7), List.of(2), List.of(4.0), List.of(16));
    }
}
