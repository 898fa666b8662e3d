package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.vitsearch.search.DimensionReport.Decision;

class SpaceEvolutionTest {

    /** A threshold well above the sampling noise of a flat dimension, well below the depth effect. */
    private static final SpaceEvolutionSettings SETTINGS = new SpaceEvolutionSettings(2, 200, 20, 0.02, Map.of(), 100);

    private static final Offset<Double> CLOSE = Offset.offset(1e-12);

    private static final VitSpace SPACE = new VitSpace(28, 1, 4, 10,
            List.of(32, 48, 64), List.of(2, 3, 4), List.of(2, 4), List.of(2.0, 4.0), List.of(32, 64));

    @Test
    void deeperIsBetterMovesDepthUpOnly() {
        for (long seed = 1; seed <= 10; seed++) {
            SyntheticLandscape landscape = new SyntheticLandscape(a -> 0.6 - 0.05 * depth(a));

            SpaceStep step = SpaceEvolution.step(0, SPACE, SETTINGS, Constraints.NONE, SearchRandom.seeded(seed), landscape);

            VitSpace after = (VitSpace) step.after();
            assertThat(after.depth()).as("seed %d: %s", seed, reason(step, "depth")).containsExactly(3, 4, 5);
            assertThat(report(step, "depth").decision()).isEqualTo(Decision.UP);
            for (String flat : List.of("embedDim", "numHeads", "mlpRatio", "qkvDim")) {
                assertThat(report(step, flat).decision()).as("seed %d, %s: %s", seed, flat, reason(step, flat))
                        .isEqualTo(Decision.KEEP);
            }
            assertThat(after.embedDim()).isEqualTo(SPACE.embedDim());
            assertThat(landscape.duplicates).isEmpty();
        }
    }

    @Test
    void depthReportHasPerChoiceErrors() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> 0.6 - 0.05 * depth(a));

        SpaceStep step = SpaceEvolution.step(0, SPACE, SETTINGS, Constraints.NONE, SearchRandom.seeded(1), landscape);

        DimensionReport depth = report(step, "depth");
        assertThat(depth.choices()).extracting(ChoiceReport::value).containsExactly(2.0, 3.0, 4.0);
        assertThat(depth.choices().get(0).etError()).isCloseTo(0.5, CLOSE);
        assertThat(depth.choices().get(1).etError()).isCloseTo(0.45, CLOSE);
        assertThat(depth.choices().get(2).etError()).isCloseTo(0.4, CLOSE);
        assertThat(depth.choices().stream().mapToInt(ChoiceReport::samples).sum()).isEqualTo(200);
        assertThat(depth.slope()).isCloseTo(-0.05, CLOSE);
        assertThat(depth.reason()).contains("falls").contains("shifts up by 1").contains("[2, 3, 4] -> [3, 4, 5]");
        assertThat(depth.after()).containsExactly(3.0, 4.0, 5.0);
        assertThat(depth.stepSize()).isEqualTo(1.0);
        assertThat(report(step, "embedDim").stepSize()).as("smallest gap of a kept dimension").isEqualTo(16.0);
        assertThat(step.moved()).isTrue();
    }

    @Test
    void etErrorAveragesMeanAndTopK() {
        double[] errors = {0.5, 0.1, 0.3, 0.2, 0.4};

        // E = 0.3, T (best 2) = 0.15.
        assertThat(SpaceEvolution.etError(errors, 2)).isCloseTo(0.225, CLOSE);
        // A group smaller than topK uses all of it for T, so E-T equals the mean.
        assertThat(SpaceEvolution.etError(errors, 20)).isCloseTo(0.3, CLOSE);
        assertThatThrownBy(() -> SpaceEvolution.etError(new double[0], 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perLayerDimensionUsesNearestChoiceOfMean() {
        VitSpace space = new VitSpace(28, 1, 4, 10, List.of(32), List.of(2), List.of(1, 2, 4), List.of(2.0),
                List.of(32));
        VitArchitecture meanOne = vit(1, 1);
        VitArchitecture meanThree = vit(2, 4);
        VitArchitecture meanFour = vit(4, 4);

        SpaceStep step = SpaceEvolution.evolve(0, space, SETTINGS, List.of(meanOne, meanThree, meanFour),
                Map.of(meanOne.id(), 0.3, meanThree.id(), 0.2, meanFour.id(), 0.1));

        // Mean 3 lies between choices 2 and 4 at equal distance, so it counts for 2.
        assertThat(report(step, "numHeads").choices()).extracting(ChoiceReport::samples).containsExactly(1, 1, 1);
        assertThat(report(step, "numHeads").choices()).extracting(ChoiceReport::etError).containsExactly(0.3, 0.2, 0.1);
    }

    @Test
    void singleSampledChoiceKeepsWithReason() {
        VitArchitecture only = vit(2, 2);

        SpaceStep step = SpaceEvolution.evolve(0, SPACE, SETTINGS, List.of(only), Map.of(only.id(), 0.4));

        DimensionReport depth = report(step, "depth");
        assertThat(depth.decision()).isEqualTo(Decision.KEEP);
        assertThat(depth.slope()).isNull();
        assertThat(depth.reason()).isEqualTo("1 of 3 choices have samples; fitting a slope needs at least 2");
        assertThat(depth.choices().get(1).etError()).isNull();
        assertThat(step.moved()).isFalse();
        assertThat(step.after()).isEqualTo(SPACE);
    }

    @Test
    void depthNeverDropsBelowOne() {
        VitSpace space = (VitSpace) SPACE.withChoices(Map.of("depth", List.of(2.0, 3.0, 4.0)));
        SearchRandom random = SearchRandom.seeded(4);

        for (int index = 0; index < 4; index++) {
            SpaceStep step = SpaceEvolution.step(index, space, SETTINGS, Constraints.NONE, random,
                    new SyntheticLandscape(a -> 0.2 + 0.05 * depth(a)));
            space = (VitSpace) step.after();
            assertThat(space.depth().get(0)).as("step %d", index).isGreaterThanOrEqualTo(1);
            if (index >= 1) {
                assertThat(report(step, "depth").decision()).isEqualTo(Decision.KEEP);
                assertThat(report(step, "depth").reason())
                        .contains("rises")
                        .contains("shifting down by 1 to [0, 1, 2] breaks a hard bound")
                        .contains("depth[0] = 0: must be at least 1");
            }
        }
        assertThat(space.depth()).containsExactly(1, 2, 3);
    }

    @Test
    void headsStopAtDivisibilityLimit() {
        VitSpace space = new VitSpace(28, 1, 4, 10, List.of(32), List.of(2, 3), List.of(2, 4), List.of(2.0),
                List.of(8, 16));
        SpaceEvolutionSettings settings = new SpaceEvolutionSettings(2, 100, 10, 0.02, Map.of(), 100);

        SpaceStep step = SpaceEvolution.step(0, space, settings, Constraints.NONE, SearchRandom.seeded(5),
                new SyntheticLandscape(a -> 0.5 - 0.05 * meanHeads(a)));

        DimensionReport heads = report(step, "numHeads");
        assertThat(heads.decision()).isEqualTo(Decision.KEEP);
        assertThat(heads.reason()).contains("shifting up by 2 to [4, 6]").contains("not divisible by 6");
        assertThat(((VitSpace) step.after()).numHeads()).containsExactly(2, 4);
    }

    @Test
    void qkvStopsAtZero() {
        VitSpace space = new VitSpace(28, 1, 4, 10, List.of(32), List.of(2, 3), List.of(2, 4), List.of(2.0),
                List.of(8, 16));
        SpaceEvolutionSettings settings = new SpaceEvolutionSettings(2, 100, 10, 0.02, Map.of(), 100);

        SpaceStep step = SpaceEvolution.step(0, space, settings, Constraints.NONE, SearchRandom.seeded(6),
                new SyntheticLandscape(a -> 0.1 + 0.01 * ((VitArchitecture) a).layers().get(0).qkvDim()));

        DimensionReport qkv = report(step, "qkvDim");
        assertThat(qkv.decision()).isEqualTo(Decision.KEEP);
        assertThat(qkv.reason()).contains("[0, 8]").contains("qkvDim[0] = 0: must be at least 1");
    }

    @Test
    void windowsStopBeforeTwoGlobalChoices() {
        // Stage 1 of the test space has a 4x4 feature map and starts with windows [2, 3].
        HierarchicalSpace space = TestSpaces.hierarchical();
        SearchRandom random = SearchRandom.seeded(7);
        SpaceEvolutionSettings settings = new SpaceEvolutionSettings(3, 150, 10, 0.02, Map.of(), 100);
        List<List<Integer>> windows = new ArrayList<>();
        SpaceStep last = null;

        for (int index = 0; index < 3; index++) {
            last = SpaceEvolution.step(index, space, settings, Constraints.NONE, random,
                    new SyntheticLandscape(SpaceEvolutionTest::largerLateWindowsBetter));
            space = (HierarchicalSpace) last.after();
            windows.add(space.stages().get(1).windowSize());
        }

        assertThat(windows).containsExactly(List.of(3, 4), List.of(3, 4), List.of(3, 4));
        assertThat(report(last, "stages[1].windowSize").reason())
                .contains("shifting up by 1 to [4, 5]")
                .contains("stages[1].windowSize[1] = 5: gives the same network as window 4");
    }

    @Test
    void explicitStepSizeUsed() {
        SpaceEvolutionSettings settings = new SpaceEvolutionSettings(1, 200, 20, 0.02, Map.of("depth", 2.0), 100);

        SpaceStep step = SpaceEvolution.step(0, SPACE, settings, Constraints.NONE, SearchRandom.seeded(8),
                new SyntheticLandscape(a -> 0.6 - 0.05 * depth(a)));

        assertThat(((VitSpace) step.after()).depth()).containsExactly(4, 5, 6);
        assertThat(report(step, "depth").stepSize()).isEqualTo(2.0);
    }

    @Test
    void realValuedChoicesShiftWithoutRoundingError() {
        VitSpace space = new VitSpace(28, 1, 4, 10, List.of(32), List.of(2), List.of(2), List.of(0.1, 0.2, 0.3),
                List.of(32));

        SpaceStep step = SpaceEvolution.step(0, space, SETTINGS, Constraints.NONE, SearchRandom.seeded(9),
                new SyntheticLandscape(a -> 0.5 - meanMlp(a)));

        assertThat(((VitSpace) step.after()).mlpRatio()).containsExactly(0.2, 0.3, 0.4);
        assertThat(report(step, "embedDim").stepSize()).as("a dimension with one choice has none").isNull();
    }

    @Test
    void badStepSizeRejected() {
        VitArchitecture only = vit(2, 2);
        SpaceEvolutionSettings unknown = new SpaceEvolutionSettings(1, 10, 5, 0.02, Map.of("width", 1.0), 10);
        SpaceEvolutionSettings fractional = new SpaceEvolutionSettings(1, 10, 5, 0.02, Map.of("depth", 0.5), 10);

        assertThatThrownBy(() -> SpaceEvolution.evolve(0, SPACE, unknown, List.of(only), Map.of(only.id(), 0.1)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("stepSize.width = 1.0: names no dimension");
        assertThatThrownBy(() -> SpaceEvolution.evolve(0, SPACE, fractional, List.of(only), Map.of(only.id(), 0.1)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("stepSize.depth = 0.5: must be a whole number");
    }

    @Test
    void samplesAreDistinctAndMeetConstraint() {
        Constraints constraints = new Constraints(null, 60_000L, null);

        List<Architecture> samples = SpaceEvolution.sample(SPACE, SETTINGS, constraints, SearchRandom.seeded(10));

        assertThat(samples).hasSize(200);
        assertThat(samples.stream().map(Architecture::id).distinct().count()).isEqualTo(200);
        assertThat(samples).allMatch(constraints::allows);
    }

    @Test
    void smallSpaceGivesFewerSamples() {
        VitSpace tiny = new VitSpace(28, 1, 4, 10, List.of(32), List.of(1, 2), List.of(2), List.of(2.0), List.of(32));

        List<Architecture> samples = SpaceEvolution.sample(tiny, SETTINGS, Constraints.NONE, SearchRandom.seeded(11));

        assertThat(samples).hasSize(2);
    }

    @Test
    void stepRoundTripsThroughJson() {
        SpaceStep step = SpaceEvolution.step(0, TestSpaces.hierarchical(), SETTINGS, Constraints.NONE,
                SearchRandom.seeded(12), new SyntheticLandscape(SpaceEvolutionTest::largerLateWindowsBetter));

        String json = SearchJson.mapper().writeValueAsString(step);

        assertThat(SearchJson.mapper().readValue(json, SpaceStep.class)).isEqualTo(step);
        assertThat(json).contains("\"before\":{\"family\":\"hierarchical\"").contains("\"decision\":\"UP\"");
    }

    @Test
    void missingSampleErrorRejected() {
        VitArchitecture only = vit(2, 2);

        assertThatThrownBy(() -> SpaceEvolution.evolve(0, SPACE, SETTINGS, List.of(only), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no error for sampled architecture " + only.id());
    }

    private static VitArchitecture vit(int firstHeads, int secondHeads) {
        return new VitArchitecture(28, 1, 4, 10, 32, 2,
                List.of(new VitLayer(firstHeads, 2.0, 32), new VitLayer(secondHeads, 2.0, 32)));
    }

    private static double largerLateWindowsBetter(Architecture architecture) {
        Stage late = ((HierarchicalArchitecture) architecture).stages().get(1);
        return 0.5 - 0.1 * late.blocks().stream().mapToInt(Block::windowSize).average().orElseThrow();
    }

    private static int depth(Architecture architecture) {
        return ((VitArchitecture) architecture).depth();
    }

    private static double meanHeads(Architecture architecture) {
        return ((VitArchitecture) architecture).layers().stream().mapToInt(VitLayer::numHeads).average().orElseThrow();
    }

    private static double meanMlp(Architecture architecture) {
        return ((VitArchitecture) architecture).layers().stream().mapToDouble(VitLayer::mlpRatio).average().orElseThrow();
    }

    private static DimensionReport report(SpaceStep step, String name) {
        return step.dimensions().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + name));
    }

    private static String reason(SpaceStep step, String name) {
        return report(step, name).reason();
    }
}
