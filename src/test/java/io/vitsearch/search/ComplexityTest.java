package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ComplexityTest {

    static List<PublishedModel> publishedModels() {
        return PublishedModel.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedModels")
    void publishedModelWithinTwoPercent(PublishedModel model) {
        ComplexityResult measured = Complexity.of(model.architecture());

        double paramsRatio = (double) measured.params() / model.publishedParams();
        double flopsRatio = (double) measured.flops() / model.publishedFlops();

        assertThat(paramsRatio)
                .as(describe(model.name(), "params", measured.params(), model.publishedParams()))
                .isBetween(0.98, 1.02);
        assertThat(flopsRatio)
                .as(describe(model.name(), "FLOPs", measured.flops(), model.publishedFlops()))
                .isBetween(0.98, 1.02);
    }

    @Test
    void publishedModelsExactParameterCounts() {
        // Totals summed by hand from the counting rules in the Javadoc of Complexity.
        assertThat(Complexity.of(PublishedModel.vitBase16().architecture()).params()).isEqualTo(86_567_656L);
        assertThat(Complexity.of(PublishedModel.deitSmall().architecture()).params()).isEqualTo(22_050_664L);
        assertThat(Complexity.of(PublishedModel.swinTiny().architecture()).params()).isEqualTo(28_288_354L);
    }

    @Test
    void tinyVitCountedByHand() {
        // 8x8 image, 4x4 patches: N = 4 patches, T = 5 tokens, E = 4, Q = 2, MLP hidden 8.
        VitArchitecture tiny = new VitArchitecture(8, 1, 4, 2, 4, 1, List.of(new VitLayer(2, 2.0, 2)));

        ComplexityResult result = Complexity.of(tiny);

        long patchEmbedding = 1 * 16 * 4 + 4;
        long tokens = 4 + 5 * 4;
        long layer = 8 + 3 * (4 * 2 + 2) + (2 * 4 + 4) + 8 + (4 * 8 + 8) + (8 * 4 + 4);
        long head = 8 + (4 * 2 + 2);
        assertThat(result.params()).isEqualTo(patchEmbedding + tokens + layer + head).isEqualTo(244);
        long flops = 4 * 16 * 4 + 3 * 5 * 4 * 2 + 2 * 5 * 5 * 2 + 5 * 2 * 4 + 2 * 5 * 4 * 8 + 4 * 2;
        assertThat(result.flops()).isEqualTo(flops).isEqualTo(844);
    }

    @Test
    void windowSmallerThanFeatureMapPadsIt() {
        // 6x6 feature map, window 4: attention runs on the map padded to 8x8 (64 tokens), the MLP on 36.
        HierarchicalArchitecture padded = oneBlock(4);

        ComplexityResult result = Complexity.of(padded);

        long block = 8 + 3 * (16 + 4) + 7 * 7 + (16 + 4) + 8 + (16 + 4) + (16 + 4);
        assertThat(result.params()).isEqualTo(20 + 8 + block + 8 + 10).isEqualTo(231);
        long flops = 36 * 4 * 4 + 3 * 64 * 4 * 4 + 2 * 64 * 16 * 4 + 64 * 4 * 4 + 2 * 36 * 4 * 4 + 4 * 2;
        assertThat(result.flops()).isEqualTo(flops).isEqualTo(14_024);
    }

    @Test
    void windowLargerThanFeatureMapIsGlobal() {
        ComplexityResult global = Complexity.of(oneBlock(6));

        assertThat(Complexity.of(oneBlock(8))).isEqualTo(global);
        assertThat(Complexity.of(oneBlock(100))).isEqualTo(global);
        // Relative position bias of an 11x11 table; attention over all 36 tokens without padding.
        assertThat(global.params()).isEqualTo(231 - 49 + 121);
        long flops = 36 * 4 * 4 + 3 * 36 * 4 * 4 + 2 * 36 * 36 * 4 + 36 * 4 * 4 + 2 * 36 * 4 * 4 + 4 * 2;
        assertThat(global.flops()).isEqualTo(flops);
        assertThat(Complexity.effectiveWindow(8, 6)).isEqualTo(6);
    }

    @Test
    void patchMergingHasNormAndLinearWithoutBias() {
        // 8x8 image, 2x2 patches: stage 0 on 4x4 with width 4, stage 1 on 2x2 with width 8.
        HierarchicalArchitecture twoStages = new HierarchicalArchitecture(8, 1, 2, 2, List.of(
                new Stage(1, 4, List.of(new Block(2, 1, 1.0, 4))),
                new Stage(1, 8, List.of(new Block(2, 2, 1.0, 8)))));

        ComplexityResult result = Complexity.of(twoStages);

        long stem = (1 * 4 * 4 + 4) + 8;
        long stage0 = 8 + 3 * (16 + 4) + 9 + (16 + 4) + 8 + (16 + 4) + (16 + 4);
        long merging = 2 * 16 + 16 * 8;
        long stage1 = 16 + 3 * (64 + 8) + 9 * 2 + (64 + 8) + 16 + (64 + 8) + (64 + 8);
        long head = 16 + (8 * 2 + 2);
        assertThat(result.params()).isEqualTo(stem + stage0 + merging + stage1 + head).isEqualTo(849);
        long flops = 16 * 4 * 4
                + (3 * 16 * 4 * 4 + 2 * 16 * 4 * 4 + 16 * 4 * 4 + 2 * 16 * 4 * 4)
                + 4 * 16 * 8
                + (3 * 4 * 8 * 8 + 2 * 4 * 4 * 8 + 4 * 8 * 8 + 2 * 4 * 8 * 8)
                + 8 * 2;
        assertThat(result.flops()).isEqualTo(flops).isEqualTo(4624);
    }

    @Test
    void mlpHiddenWidthRoundsHalfUp() {
        // 4 * 1.625 = 6.5 rounds to 7: fc1 4x7 + 7, fc2 7x4 + 4.
        VitArchitecture rounded = new VitArchitecture(8, 1, 4, 2, 4, 1, List.of(new VitLayer(2, 1.625, 2)));
        VitArchitecture hiddenEight = new VitArchitecture(8, 1, 4, 2, 4, 1, List.of(new VitLayer(2, 2.0, 2)));

        long difference = Complexity.of(hiddenEight).params() - Complexity.of(rounded).params();

        assertThat(difference).isEqualTo((4 * 8 + 8 + 8 * 4 + 4) - (4 * 7 + 7 + 7 * 4 + 4));
    }

    private static HierarchicalArchitecture oneBlock(int window) {
        return new HierarchicalArchitecture(12, 1, 2, 2, List.of(new Stage(1, 4, List.of(new Block(window, 1, 1.0, 4)))));
    }

    private static String describe(String model, String quantity, long measured, long published) {
        return String.format(Locale.ROOT, "%s %s: measured %,d vs published %,d (%+.2f%%)", model, quantity, measured,
                published, 100.0 * (measured - published) / published);
    }
}
