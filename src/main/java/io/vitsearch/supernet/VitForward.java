package io.vitsearch.supernet;

import static io.vitsearch.supernet.VitTensors.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;

import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;

/**
 * The forward pass of a {@code vit} subnet, shared by the supernet and the exported standalone
 * model so that both compute exactly the same function.
 *
 * <p>Every op is called on an activation, never on a stored tensor, because DJL attaches an op's
 * result to the manager of the array it is called on. Shapes: B batch, N = grid^2 + 1 tokens,
 * E embed dim, Q Q-K-V dim, H heads, D = Q / H head dim, K classes.
 */
final class VitForward {

    private static final float LAYER_NORM_EPSILON = 1e-6f;

    private VitForward() {
    }

    /** Returns the logits (B, K) of {@code images} (B, C, H, W). */
    static NDArray logits(VitArchitecture architecture, WeightSource weights, NDArray images) {
        NDArray x = embed(architecture, weights, images);
        for (int i = 0; i < architecture.depth(); i++) {
            x = block(i, architecture.layers().get(i), architecture.embedDim(), weights, x);
        }

        long embed = architecture.embedDim();
        NDArray cls = x.get(":, 0, :");
        NDArray features = layerNorm(cls, weights.slice(VitTensors.NORM_WEIGHT, embed),
                weights.slice(VitTensors.NORM_BIAS, embed));
        long classes = architecture.numClasses();
        return features.matMul(weights.slice(VitTensors.HEAD_WEIGHT, embed, classes))
                .add(weights.slice(VitTensors.HEAD_BIAS, classes));
    }

    /** Returns the token sequence (B, N, E): class token followed by the patch embeddings, plus positions. */
    private static NDArray embed(VitArchitecture architecture, WeightSource weights, NDArray images) {
        long batch = images.getShape().get(0);
        long channels = architecture.channels();
        long patch = architecture.patchSize();
        long grid = architecture.gridSize();
        long embed = architecture.embedDim();

        // (B, C, g*p, g*p) -> (B, g, g, C, p, p) -> (B, g*g, C*p*p): one row per patch in (C, p, p) order.
        NDArray patches = images.reshape(batch, channels, grid, patch, grid, patch)
                .transpose(0, 2, 4, 1, 3, 5)
                .reshape(batch, grid * grid, channels * patch * patch);
        NDArray tokens = patches.matMul(weights.slice(VitTensors.PATCH_WEIGHT, channels * patch * patch, embed))
                .add(weights.slice(VitTensors.PATCH_BIAS, embed));

        NDArray cls = weights.slice(VitTensors.CLS_TOKEN, embed).reshape(1, 1, embed).broadcast(batch, 1, embed);
        return NDArrays.concat(new NDList(cls, tokens), 1)
                .add(weights.slice(VitTensors.POS_EMBED, grid * grid + 1, embed));
    }

    /** Returns one pre-norm transformer layer applied to x (B, N, E). */
    private static NDArray block(int index, VitLayer layer, long embed, WeightSource weights, NDArray x) {
        NDArray attended = layerNorm(x, weights.slice(layer(index, "norm1.weight"), embed),
                weights.slice(layer(index, "norm1.bias"), embed));
        x = x.add(attention(index, layer, embed, weights, attended));

        NDArray normed = layerNorm(x, weights.slice(layer(index, "norm2.weight"), embed),
                weights.slice(layer(index, "norm2.bias"), embed));
        return x.add(mlp(index, layer.mlpHiddenDim((int) embed), embed, weights, normed));
    }

    private static NDArray attention(int index, VitLayer layer, long embed, WeightSource weights, NDArray x) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long qkv = layer.qkvDim();
        long heads = layer.numHeads();
        long headDim = qkv / heads;

        NDArray q = splitHeads(project(index, "q", embed, qkv, weights, x), heads, headDim)
                .mul(1.0 / Math.sqrt(headDim));
        NDArray k = splitHeads(project(index, "k", embed, qkv, weights, x), heads, headDim);
        NDArray v = splitHeads(project(index, "v", embed, qkv, weights, x), heads, headDim);

        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);    // (B, H, N, N)
        NDArray mixed = scores.matMul(v)                                    // (B, H, N, D)
                .transpose(0, 2, 1, 3)
                .reshape(batch, tokens, qkv);                               // (B, N, Q)
        return mixed.matMul(weights.slice(layer(index, "attn.proj.weight"), qkv, embed))
                .add(weights.slice(layer(index, "attn.proj.bias"), embed));
    }

    private static NDArray project(int index, String projection, long embed, long qkv, WeightSource weights,
            NDArray x) {
        return x.matMul(weights.slice(layer(index, "attn." + projection + ".weight"), embed, qkv))
                .add(weights.slice(layer(index, "attn." + projection + ".bias"), qkv));
    }

    /** Reshapes (B, N, Q) to (B, H, N, D). */
    private static NDArray splitHeads(NDArray x, long heads, long headDim) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        return x.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
    }

    private static NDArray mlp(int index, long hidden, long embed, WeightSource weights, NDArray x) {
        NDArray expanded = x.matMul(weights.slice(layer(index, "mlp.fc1.weight"), embed, hidden))
                .add(weights.slice(layer(index, "mlp.fc1.bias"), hidden));
        return Activation.gelu(expanded)
                .matMul(weights.slice(layer(index, "mlp.fc2.weight"), hidden, embed))
                .add(weights.slice(layer(index, "mlp.fc2.bias"), embed));
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        long embed = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(embed), gamma, beta, LAYER_NORM_EPSILON).singletonOrThrow();
    }
}
