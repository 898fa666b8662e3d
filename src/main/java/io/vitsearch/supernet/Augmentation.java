package io.vitsearch.supernet;

/**
 * Random changes to training images that keep their label: a left-to-right mirror and a shift by
 * up to {@code maxShift} pixels along each axis, with black shifted in. Each batch draws from a
 * generator seeded by the training seed and the step, so a resumed run gets the same images as one
 * that never stopped.
 *
 * @param flipProbability probability of mirroring an image, in [0, 1]
 * @param maxShift largest shift in pixels along each axis, at least 0
 */
public record Augmentation(double flipProbability, int maxShift) {

    public Augmentation {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flipProbability must be in [0, 1]; got " + flipProbability);
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("maxShift must be at least 0; got " + maxShift);
        }
    }

    /** Returns the augmentation that leaves every image as it is. */
    public static Augmentation none() {
        return new Augmentation(0, 0);
    }

    boolean changesImages() {
        return flipProbability > 0 || maxShift > 0;
    }

    /**
     * Changes {@code count} images in place, each {@code channels x height x width} floats in NCHW
     * layout from the start of {@code pixels}.
     *
     * @param black per channel, the value shifted in
     * @param seed seed of this batch's draws
     */
    void apply(float[] pixels, int count, int channels, int height, int width, float[] black, long seed) {
        if (!changesImages()) {
            return;
        }
        SeededRandom random = new SeededRandom(seed);
        float[] scratch = new float[height * width];
        for (int image = 0; image < count; image++) {
            boolean flip = random.nextDouble() < flipProbability;
            int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            if (!flip && dy == 0 && dx == 0) {
                continue;
            }
            for (int c = 0; c < channels; c++) {
                int offset = ((image * channels) + c) * height * width;
                transformPlane(pixels, offset, scratch, height, width, flip, dy, dx, black[c]);
            }
        }
    }

    /** Output pixel (y, x) takes input pixel (y - dy, x' - dx), where x' mirrors x when flipping. */
    private static void transformPlane(float[] pixels, int offset, float[] scratch, int height, int width,
            boolean flip, int dy, int dx, float black) {
        System.arraycopy(pixels, offset, scratch, 0, height * width);
        for (int y = 0; y < height; y++) {
            int sourceY = y - dy;
            for (int x = 0; x < width; x++) {
                int shiftedX = x - dx;
                int sourceX = flip ? width - 1 - shiftedX : shiftedX;
                boolean inside = sourceY >= 0 && sourceY < height && shiftedX >= 0 && shiftedX < width;
                pixels[offset + y * width + x] = inside ? scratch[sourceY * width + sourceX] : black;
            }
        }
    }
}
