package io.vitsearch.dataset;

/** Resampling method for an image whose size differs from the size a consumer expects. */
public enum Interpolation {
    /** Takes the source pixel whose centre is nearest to the target pixel's centre. */
    NEAREST,
    /**
     * Triangle filter on pixel centres. Upscaling is plain bilinear interpolation, and downscaling
     * widens the filter to the scale factor so that every source pixel contributes, as Pillow's
     * {@code Image.resize} with {@code BILINEAR} does.
     */
    BILINEAR
}
