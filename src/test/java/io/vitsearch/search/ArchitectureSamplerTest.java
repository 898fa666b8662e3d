package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ArchitectureSamplerTest {

    @Test
    void samplesStayInsideSpace() {
        SearchRandom random = SearchRandom.seeded(11);
        for (SearchSpace space : List.of(TestSpaces.vit(), TestSpaces.hierarchical())) {
            for (int i = 0; i < 500; i++) {
                Architecture architecture = ArchitectureSampler.sample(space, random);
                assertThat(space.contains(architecture)).as("sample %d: %s", i, architecture).isTrue();
            }
        }
    }

    @Test
    void everyDimensionIsUniform() {
        VitSpace space = TestSpaces.vit();
        SearchRandom random = SearchRandom.seeded(12);
        Map<Integer, Integer> depths = new HashMap<>();
        Map<Integer, Integer> headsOfLastLayer = new HashMap<>();
        int draws = 10_000;

        for (int i = 0; i < draws; i++) {
            VitArchitecture architecture = (VitArchitecture) ArchitectureSampler.sample(space, random);
            depths.merge(architecture.depth(), 1, Integer::sum);
            headsOfLastLayer.merge(architecture.layers().get(architecture.depth() - 1).numHeads(), 1, Integer::sum);
        }

        // Expected 2,000 per depth (sd 40) and 3,333 per heads choice (sd 47); 250 is over 5 sigma.
        for (int depth : space.depth()) {
            assertThat(depths.get(depth)).as("samples of depth %d", depth).isBetween(1_750, 2_250);
        }
        for (int heads : space.numHeads()) {
            assertThat(headsOfLastLayer.get(heads)).as("last layers with %d heads", heads).isBetween(3_083, 3_583);
        }
    }

    @Test
    void layersDrawnIndependently() {
        SearchRandom random = SearchRandom.seeded(13);
        int differing = 0;
        for (int i = 0; i < 200; i++) {
            VitArchitecture architecture = (VitArchitecture) ArchitectureSampler.sample(TestSpaces.vit(), random);
            if (architecture.layers().stream().distinct().count() > 1) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(190);
    }

    @Test
    void constrainedSampleMeetsConstraint() {
        Constraints constraints = new Constraints(300_000L, 1_000_000L, 60_000_000L);
        SearchRandom random = SearchRandom.seeded(14);

        for (int i = 0; i < 200; i++) {
            Architecture architecture = ArchitectureSampler.sample(TestSpaces.vit(), constraints, random, 1000);
            ComplexityResult complexity = Complexity.of(architecture);
            assertThat(constraints.allows(complexity)).as("sample %d: %s", i, complexity).isTrue();
        }
    }

    @Test
    void extremesBoundParameterCounts() {
        VitSpace space = TestSpaces.vit();
        long smallest = Complexity.of(ArchitectureSampler.smallest(space)).params();
        long largest = Complexity.of(ArchitectureSampler.largest(space)).params();
        SearchRandom random = SearchRandom.seeded(15);

        for (int i = 0; i < 500; i++) {
            long params = Complexity.of(ArchitectureSampler.sample(space, random)).params();
            assertThat(params).isBetween(smallest, largest);
        }
    }

    @Test
    void impossibleParamsRangeRejectedBeforeSampling() {
        VitSpace space = TestSpaces.vit();
        long smallest = Complexity.of(ArchitectureSampler.smallest(space)).params();
        long largest = Complexity.of(ArchitectureSampler.largest(space)).params();
        Constraints tooSmall = new Constraints(null, 1000L, null);

        assertThatThrownBy(() -> ArchitectureSampler.sample(space, tooSmall, SearchRandom.seeded(1), 10))
                .isInstanceOf(UnsatisfiableConstraintException.class)
                .hasMessageContaining("constraints = minParams=none, maxParams=1000, maxFlops=none")
                .hasMessageContaining("range from " + smallest + " to " + largest);
    }

    @Test
    void unsatisfiableFlopsReportsRangesFound() {
        Constraints tinyFlops = new Constraints(null, null, 5L);

        assertThatThrownBy(() -> ArchitectureSampler.sample(TestSpaces.vit(), tinyFlops, SearchRandom.seeded(1), 50))
                .isInstanceOf(UnsatisfiableConstraintException.class)
                .hasMessageContaining("maxFlops=5")
                .hasMessageContaining("none of 50 random architectures met it")
                .hasMessageContaining("parameter counts range from")
                .hasMessageContaining("FLOPs");
    }
}
