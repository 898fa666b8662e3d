package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchFillerTest {

    private static final NormalizationStats HALF = new NormalizationStats(new float[] {0.5f}, new float[] {0.5f});

    @Test
    void sameSizeNormalisesEachPixel() {
        ImageDataset dataset = TestDatasets.of(1, 1, 3, new byte[] {0, (byte) 255, 51}, 0);
        BatchFiller filler = new BatchFiller(dataset, HALF, 1, 3, Interpolation.BILINEAR);
        float[] pixels = new float[3];
        int[] labels = new int[1];

        filler.fill(new int[] {0}, 0, 1, pixels, labels);

        assertThat(pixels[0]).isCloseTo(-1f, within(1e-6f));
        assertThat(pixels[1]).isCloseTo(1f, within(1e-6f));
        assertThat(pixels[2]).isCloseTo(-0.6f, within(1e-6f));
    }

    @Test
    void fillFollowsIndicesAndLabels() {
        ImageDataset dataset = TestDatasets.uniformImages(5, 2, 3);
        NormalizationStats identity = new NormalizationStats(new float[] {0f}, new float[] {1f});
        BatchFiller filler = new BatchFiller(dataset, identity, 2, 2, Interpolation.NEAREST);
        float[] pixels = new float[8];
        int[] labels = new int[2];

        filler.fill(new int[] {9, 4, 2, 9}, 1, 2, pixels, labels);

        assertThat(labels).containsExactly(1, 2);
        assertThat(pixels[0]).isCloseTo(4 / 255f, within(1e-6f));
        assertThat(pixels[7]).isCloseTo(2 / 255f, within(1e-6f));
    }

    @Test
    void nearestUpscaleRepeatsPixels() {
        ImageDataset dataset = TestDatasets.of(1, 2, 2, new byte[] {0, 10, 20, 30}, 0);
        NormalizationStats raw = new NormalizationStats(new float[] {0f}, new float[] {1 / 255f});
        BatchFiller filler = new BatchFiller(dataset, raw, 4, 4, Interpolation.NEAREST);
        float[] pixels = new float[16];

        filler.fillImage(0, pixels, 0);

        float[] expected = {
                0, 0, 10, 10,
                0, 0, 10, 10,
                20, 20, 30, 30,
                20, 20, 30, 30,
        };
        assertThat(pixels).containsExactly(expected, within(1e-3f));
    }

    @Test
    void bilinearUpscaleInterpolatesBetweenCentres() {
        ImageDataset dataset = TestDatasets.of(1, 1, 2, new byte[] {0, 100}, 0);
        NormalizationStats raw = new NormalizationStats(new float[] {0f}, new float[] {1 / 255f});
        BatchFiller filler = new BatchFiller(dataset, raw, 1, 4, Interpolation.BILINEAR);
        float[] pixels = new float[4];

        filler.fillImage(0, pixels, 0);

        // Target centres are 0.25, 0.75, 1.25 and 1.75 in source pixels, and the outer ones clamp to the edge.
        assertThat(pixels).containsExactly(new float[] {0, 25, 75, 100}, within(1e-3f));
    }

    @Test
    void bilinearDownscaleAveragesNeighbours() {
        ImageDataset dataset = TestDatasets.of(1, 1, 4, new byte[] {0, 40, 80, 120}, 0);
        NormalizationStats raw = new NormalizationStats(new float[] {0f}, new float[] {1 / 255f});
        BatchFiller filler = new BatchFiller(dataset, raw, 1, 2, Interpolation.BILINEAR);
        float[] pixels = new float[2];

        filler.fillImage(0, pixels, 0);

        // The filter widens to two source pixels. Around centre 1.0 its weights are 1/8, 3/8, 3/8 and 1/8,
        // and the edge cuts off the first, so the other three are renormalised.
        assertThat(pixels[0]).isCloseTo((0 * 3 + 40 * 3 + 80 * 1) / 7f, within(1e-3f));
        assertThat(pixels[1]).isCloseTo((40 * 1 + 80 * 3 + 120 * 3) / 7f, within(1e-3f));
    }

    @Test
    void uniformImageStaysUniformWhenResized() {
        ImageDataset dataset = TestDatasets.uniformImages(2, 28, 2);
        NormalizationStats stats = NormalizationStats.compute(dataset);
        for (Interpolation interpolation : Interpolation.values()) {
            for (int size : new int[] {7, 32, 45}) {
                BatchFiller filler = new BatchFiller(dataset, stats, size, size, interpolation);
                float[] pixels = new float[size * size];

                filler.fillImage(1, pixels, 0);

                float expected = (1 / 255f - stats.mean()[0]) / stats.std()[0];
                for (float value : pixels) {
                    assertThat(value).as("%s to %d", interpolation, size).isCloseTo(expected, within(1e-4f));
                }
            }
        }
    }
}
