package io.vitsearch.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A well-known model expressed in this service's architecture schema, with the parameter and FLOP
 * (multiply-accumulate) figures usually quoted for it at 224 x 224 on ImageNet-1k. The quoted figures
 * are rounded to three significant digits, so {@link Complexity} is expected to match them within
 * rounding, not exactly.
 *
 * @param name the name the model is known by
 * @param architecture the model in this service's schema
 * @param publishedParams quoted parameter count
 * @param publishedFlops quoted multiply-accumulates per image
 */
public record PublishedModel(String name, Architecture architecture, long publishedParams, long publishedFlops) {

    private static final int IMAGENET_CLASSES = 1000;

    /** ViT-B/16: 12 layers of width 768 with 12 heads, MLP ratio 4; 86.6M parameters, 17.6 GFLOPs. */
    public static PublishedModel vitBase16() {
        return new PublishedModel("ViT-B/16", uniformVit(768, 12, 12), 86_600_000L, 17_600_000_000L);
    }

    /** DeiT-S: 12 layers of width 384 with 6 heads, MLP ratio 4; 22.1M parameters, 4.6 GFLOPs. */
    public static PublishedModel deitSmall() {
        return new PublishedModel("DeiT-S", uniformVit(384, 12, 6), 22_100_000L, 4_600_000_000L);
    }

    /**
     * Swin-T: patch size 4, window 7, stage depths 2-2-6-2, widths 96-192-384-768 with 3-6-12-24
     * heads, MLP ratio 4; 28.3M parameters, 4.5 GFLOPs.
     */
    public static PublishedModel swinTiny() {
        int[] depths = {2, 2, 6, 2};
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < depths.length; s++) {
            int width = 96 << s;
            Block block = new Block(7, 3 << s, 4.0, width);
            stages.add(new Stage(depths[s], width, Collections.nCopies(depths[s], block)));
        }
        return new PublishedModel("Swin-T",
                new HierarchicalArchitecture(224, 3, 4, IMAGENET_CLASSES, stages), 28_300_000L, 4_500_000_000L);
    }

    public static List<PublishedModel> all() {
        return List.of(vitBase16(), deitSmall(), swinTiny());
    }

    private static VitArchitecture uniformVit(int embedDim, int depth, int numHeads) {
        VitLayer layer = new VitLayer(numHeads, 4.0, embedDim);
        return new VitArchitecture(224, 3, 16, IMAGENET_CLASSES, embedDim, depth, Collections.nCopies(depth, layer));
    }
}
