package io.vitsearch.supernet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitSpace;

/**
 * Names and shapes of every tensor of a {@code vit} network, the one place that defines them for
 * the supernet, its subnets and exported models.
 *
 * <p>Linear weights are stored as (in, out), so a layer computes {@code x.matMul(weight) + bias}
 * and a subnet's slice is the first {@code in} rows and first {@code out} columns. The patch
 * embedding is a linear layer over flattened patches, each patch flattened in (C, p, p) order,
 * which equals a stride-p convolution whose PyTorch kernel (E, C, p, p) is reshaped to
 * (E, C*p*p) and transposed. The class token is stored as a vector of length E.
 */
final class VitTensors {

    static final String PATCH_WEIGHT = "patch_embed.weight";
    static final String PATCH_BIAS = "patch_embed.bias";
    static final String CLS_TOKEN = "cls_token";
    static final String POS_EMBED = "pos_embed";
    static final String NORM_WEIGHT = "norm.weight";
    static final String NORM_BIAS = "norm.bias";
    static final String HEAD_WEIGHT = "head.weight";
    static final String HEAD_BIAS = "head.bias";

    private VitTensors() {
    }

    /** Widths of one transformer layer that decide its tensor shapes. */
    record LayerWidths(int qkvDim, int mlpHiddenDim) {
    }

    static String layer(int index, String tensor) {
        return "blocks." + index + "." + tensor;
    }

    /** Returns the shapes of the full supernet: every tensor at the largest size the space allows. */
    static Map<String, long[]> supernetShapes(VitSpace space) {
        LayerWidths widest = new LayerWidths(space.maxQkvDim(), space.maxMlpHiddenDim());
        return shapes(space.imageSize(), space.channels(), space.patchSize(), space.numClasses(),
                space.maxEmbedDim(), Collections.nCopies(space.maxDepth(), widest));
    }

    /** Returns the shapes of a subnet's tensors: the leading slices it uses, layers past its depth omitted. */
    static Map<String, long[]> subnetShapes(VitArchitecture architecture) {
        List<LayerWidths> layers = architecture.layers().stream()
                .map(layer -> new LayerWidths(layer.qkvDim(), layer.mlpHiddenDim(architecture.embedDim())))
                .toList();
        return shapes(architecture.imageSize(), architecture.channels(), architecture.patchSize(),
                architecture.numClasses(), architecture.embedDim(), layers);
    }

    /** Returns true for tensors that AdamW decays: 2-D weights, but not the position embedding. */
    static boolean decays(String name, long[] shape) {
        return shape.length == 2 && !name.equals(POS_EMBED);
    }

    private static Map<String, long[]> shapes(int imageSize, int channels, int patchSize, int numClasses,
            long embed, List<LayerWidths> layers) {
        long grid = imageSize / patchSize;
        long patchInputs = (long) channels * patchSize * patchSize;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(PATCH_WEIGHT, new long[] {patchInputs, embed});
        shapes.put(PATCH_BIAS, new long[] {embed});
        shapes.put(CLS_TOKEN, new long[] {embed});
        shapes.put(POS_EMBED, new long[] {grid * grid + 1, embed});
        for (int i = 0; i < layers.size(); i++) {
            long qkv = layers.get(i).qkvDim();
            long hidden = layers.get(i).mlpHiddenDim();
            shapes.put(layer(i, "norm1.weight"), new long[] {embed});
            shapes.put(layer(i, "norm1.bias"), new long[] {embed});
            for (String projection : List.of("q", "k", "v")) {
                shapes.put(layer(i, "attn." + projection + ".weight"), new long[] {embed, qkv});
                shapes.put(layer(i, "attn." + projection + ".bias"), new long[] {qkv});
            }
            shapes.put(layer(i, "attn.proj.weight"), new long[] {qkv, embed});
            shapes.put(layer(i, "attn.proj.bias"), new long[] {embed});
            shapes.put(layer(i, "norm2.weight"), new long[] {embed});
            shapes.put(layer(i, "norm2.bias"), new long[] {embed});
            shapes.put(layer(i, "mlp.fc1.weight"), new long[] {embed, hidden});
            shapes.put(layer(i, "mlp.fc1.bias"), new long[] {hidden});
            shapes.put(layer(i, "mlp.fc2.weight"), new long[] {hidden, embed});
            shapes.put(layer(i, "mlp.fc2.bias"), new long[] {embed});
        }
        shapes.put(NORM_WEIGHT, new long[] {embed});
        shapes.put(NORM_BIAS, new long[] {embed});
        shapes.put(HEAD_WEIGHT, new long[] {embed, numClasses});
        shapes.put(HEAD_BIAS, new long[] {numClasses});
        return shapes;
    }
}
