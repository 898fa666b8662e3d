package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizationStatsTest {

    @Test
    void statsOfKnownRgbImages() {
        // Two 1x2 RGB images. Red: 0, 255, 0, 255. Green: 51 everywhere. Blue: 0, 0, 0, 255.
        byte[] pixels = {
                0, (byte) 255, 51, 51, 0, 0,
                0, (byte) 255, 51, 51, 0, (byte) 255,
        };
        ImageDataset dataset = TestDatasets.of(3, 1, 2, pixels, 0, 1);

        NormalizationStats stats = NormalizationStats.compute(dataset);

        assertThat(stats.mean()[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(stats.std()[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(stats.mean()[1]).isCloseTo(0.2f, within(1e-6f));
        // A constant channel gets std 1, so it normalises to 0 instead of NaN.
        assertThat(stats.std()[1]).isEqualTo(1f);
        assertThat(stats.mean()[2]).isCloseTo(0.25f, within(1e-6f));
        assertThat(stats.std()[2]).isCloseTo((float) Math.sqrt(3) / 4, within(1e-6f));
    }

    @Test
    void accessorsReturnCopies() {
        NormalizationStats stats = new NormalizationStats(new float[] {0.5f}, new float[] {0.25f});

        stats.mean()[0] = 9;
        stats.std()[0] = 9;

        assertThat(stats.mean()).containsExactly(0.5f);
        assertThat(stats.std()).containsExactly(0.25f);
    }

    @Test
    void nonPositiveStdIsRejected() {
        assertThatThrownBy(() -> new NormalizationStats(new float[] {0.5f}, new float[] {0f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 0")
                .hasMessageContaining("std 0.0");
    }
}
