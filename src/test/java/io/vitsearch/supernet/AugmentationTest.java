package io.vitsearch.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static final float BLACK = -0.5f;

    /** A 3x4 plane whose pixel (y, x) has the value 10 * y + x. */
    private static float[] plane() {
        float[] pixels = new float[12];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                pixels[y * 4 + x] = 10 * y + x;
            }
        }
        return pixels;
    }

    @Test
    void flipMirrorsEveryRow() {
        float[] pixels = plane();

        new Augmentation(1, 0).apply(pixels, 1, 1, 3, 4, new float[] {BLACK}, 7);

        assertThat(pixels).containsExactly(3, 2, 1, 0, 13, 12, 11, 10, 23, 22, 21, 20);
    }

    @Test
    void shiftMovesPixelsAndFillsWithBlack() {
        int shifted = 0;
        for (long seed = 0; seed < 200; seed++) {
            float[] pixels = plane();
            new Augmentation(0, 1).apply(pixels, 1, 1, 3, 4, new float[] {BLACK}, seed);

            int dy = offset(pixels, true);
            int dx = offset(pixels, false);
            assertThat(dy).isBetween(-1, 1);
            assertThat(dx).isBetween(-1, 1);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    int sourceY = y - dy;
                    int sourceX = x - dx;
                    boolean inside = sourceY >= 0 && sourceY < 3 && sourceX >= 0 && sourceX < 4;
                    float expected = inside ? 10 * sourceY + sourceX : BLACK;
                    assertThat(pixels[y * 4 + x]).as("seed %d, pixel (%d, %d)", seed, y, x).isEqualTo(expected);
                }
            }
            shifted += dy != 0 || dx != 0 ? 1 : 0;
        }
        assertThat(shifted).isGreaterThan(150);
    }

    @Test
    void sameSeedSameImages() {
        Augmentation augmentation = new Augmentation(0.5, 2);
        float[] first = batch();
        float[] second = batch();
        float[] other = batch();

        augmentation.apply(first, 8, 2, 3, 4, new float[] {BLACK, BLACK}, 11);
        augmentation.apply(second, 8, 2, 3, 4, new float[] {BLACK, BLACK}, 11);
        augmentation.apply(other, 8, 2, 3, 4, new float[] {BLACK, BLACK}, 12);

        assertThat(first).containsExactly(second);
        assertThat(Arrays.equals(first, other)).isFalse();
    }

    @Test
    void channelsOfOneImageMoveTogether() {
        float[] pixels = new float[24];
        System.arraycopy(plane(), 0, pixels, 0, 12);
        System.arraycopy(plane(), 0, pixels, 12, 12);

        new Augmentation(0.5, 1).apply(pixels, 1, 2, 3, 4, new float[] {BLACK, BLACK}, 3);

        assertThat(Arrays.copyOfRange(pixels, 0, 12)).containsExactly(Arrays.copyOfRange(pixels, 12, 24));
    }

    @Test
    void flipProbabilityIsHonoured() {
        int flipped = 0;
        int images = 4000;
        float[] pixels = new float[images * 12];
        for (int i = 0; i < images; i++) {
            System.arraycopy(plane(), 0, pixels, i * 12, 12);
        }

        new Augmentation(0.25, 0).apply(pixels, images, 1, 3, 4, new float[] {BLACK}, 5);

        for (int i = 0; i < images; i++) {
            flipped += pixels[i * 12] == 3 ? 1 : 0;
        }
        assertThat(flipped).isBetween(900, 1100);
    }

    @Test
    void noneLeavesImagesUntouched() {
        float[] pixels = plane();

        Augmentation.none().apply(pixels, 1, 1, 3, 4, new float[] {BLACK}, 1);

        assertThat(pixels).containsExactly(plane());
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> new Augmentation(1.5, 0)).hasMessageContaining("flipProbability must be in [0, 1]; got 1.5");
        assertThatThrownBy(() -> new Augmentation(0, -1)).hasMessageContaining("maxShift must be at least 0; got -1");
    }

    private static float[] batch() {
        float[] pixels = new float[8 * 2 * 12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        return pixels;
    }

    /** Returns the shift along one axis, read from where pixel (1, 1) of the original ended up. */
    private static int offset(float[] pixels, boolean vertical) {
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                if (pixels[y * 4 + x] == 11) {
                    return vertical ? y - 1 : x - 1;
                }
            }
        }
        // Pixel (1, 1) always stays inside a 3x4 plane under a shift of at most 1.
        throw new AssertionError("pixel (1, 1) was lost: " + Arrays.toString(pixels));
    }
}
