package io.vitsearch.search;

/**
 * Counts parameters and FLOPs of an architecture analytically. FLOPs are multiply-accumulates (MACs)
 * of one forward pass on one image, the unit of the figures in {@link PublishedModel}. Additions,
 * LayerNorm, softmax, GELU, pooling and bias additions are not counted. {@code params} is the exact
 * number of trainable parameters of the exported standalone model, so the model builder must follow
 * these rules literally. Buffers (Swin's relative position index, attention masks) are not parameters.
 *
 * <p>Shared rules. Every LayerNorm has a weight and a bias of its width ({@code 2 * width}
 * parameters). Every {@code Linear(in, out)} has an {@code in x out} weight and, unless stated
 * otherwise, an {@code out} bias. The MLP hidden width is {@code round(embedDim * mlpRatio)}
 * ({@link Math#round(double)}, half up). The patch embedding is a {@code Conv2d(channels, embedDim,
 * kernel = stride = patchSize)} with bias: {@code channels * patchSize^2 * embedDim + embedDim}
 * parameters and that many MACs (without the bias) per patch.
 *
 * <p>{@code vit} ({@link VitArchitecture}), with {@code E = embedDim}, {@code N = (imageSize /
 * patchSize)^2} patches and {@code T = N + 1} tokens:
 * <ul>
 *   <li>patch embedding as above; class token {@code E}; position embedding {@code T * E};</li>
 *   <li>per layer with {@code Q = qkvDim}, {@code H = round(E * mlpRatio)}: LayerNorm(E); three
 *       separate projections q, k, v, each {@code Linear(E, Q)} with bias; output projection
 *       {@code Linear(Q, E)} with bias; LayerNorm(E); {@code Linear(E, H)} and {@code Linear(H, E)}
 *       with biases. MACs: {@code 3*T*E*Q} for q, k, v, {@code 2*T*T*Q} for scores and the weighted
 *       sum of values, {@code T*Q*E} for the output projection, {@code 2*T*E*H} for the MLP;</li>
 *   <li>final LayerNorm(E) and head {@code Linear(E, numClasses)} with bias, applied to the class
 *       token only ({@code E * numClasses} MACs).</li>
 * </ul>
 *
 * <p>{@code hierarchical} ({@link HierarchicalArchitecture}), with stage {@code s} of width
 * {@code C_s} on an {@code F_s x F_s} feature map, {@code F_0 = imageSize / patchSize} and
 * {@code F_s = F_0 / 2^s}:
 * <ul>
 *   <li>patch embedding to {@code C_0} as above, followed by LayerNorm(C_0);</li>
 *   <li>per block with {@code Q = qkvDim}, {@code h = numHeads}, {@code H = round(C_s * mlpRatio)}
 *       and effective window {@code w = min(windowSize, F_s)} (a window covering the feature map is
 *       global attention without shift): LayerNorm(C_s); q, k, v projections {@code Linear(C_s, Q)}
 *       with bias (three separate or one fused {@code Linear(C_s, 3Q)}, the count is the same); a
 *       relative position bias table of {@code (2w - 1)^2 * h} parameters; output projection
 *       {@code Linear(Q, C_s)} with bias; LayerNorm(C_s); MLP {@code Linear(C_s, H)},
 *       {@code Linear(H, C_s)} with biases. The attention runs on the feature map padded up to
 *       {@code P = ceil(F_s / w) * w} per side, as Swin pads it, so with {@code L = F_s^2} and
 *       {@code L_p = P^2} the MACs are {@code 3*L_p*C_s*Q + 2*L_p*w^2*Q + L_p*Q*C_s} for attention
 *       and {@code 2*L*C_s*H} for the MLP;</li>
 *   <li>patch merging before stage {@code s > 0}: LayerNorm(4 C_{s-1}) and
 *       {@code Linear(4 C_{s-1}, C_s)} <em>without</em> bias, {@code F_s^2 * 4 C_{s-1} * C_s} MACs;</li>
 *   <li>final LayerNorm(C_last), global average pooling and head {@code Linear(C_last, numClasses)}
 *       with bias ({@code C_last * numClasses} MACs).</li>
 * </ul>
 */
public final class Complexity {

    private Complexity() {
    }

    public static ComplexityResult of(Architecture architecture) {
        if (architecture instanceof VitArchitecture vit) {
            return ofVit(vit);
        }
        return ofHierarchical((HierarchicalArchitecture) architecture);
    }

    private static ComplexityResult ofVit(VitArchitecture architecture) {
        long embed = architecture.embedDim();
        long patches = (long) architecture.gridSize() * architecture.gridSize();
        long tokens = patches + 1;
        Counter counter = new Counter();

        counter.patchEmbedding(architecture.channels(), architecture.patchSize(), embed, patches);
        counter.params += embed + tokens * embed;

        for (VitLayer layer : architecture.layers()) {
            counter.transformerBlock(embed, layer.qkvDim(), layer.mlpHiddenDim((int) embed), tokens, tokens, tokens);
        }

        counter.head(embed, architecture.numClasses());
        return counter.result();
    }

    private static ComplexityResult ofHierarchical(HierarchicalArchitecture architecture) {
        Counter counter = new Counter();
        long firstWidth = architecture.stages().get(0).embedDim();
        long firstSide = architecture.featureMapSize(0);

        counter.patchEmbedding(architecture.channels(), architecture.patchSize(), firstWidth, firstSide * firstSide);
        counter.layerNorm(firstWidth);

        long previousWidth = firstWidth;
        for (int s = 0; s < architecture.stages().size(); s++) {
            Stage stage = architecture.stages().get(s);
            long width = stage.embedDim();
            long side = architecture.featureMapSize(s);
            long tokens = side * side;

            if (s > 0) {
                counter.layerNorm(4 * previousWidth);
                counter.params += 4 * previousWidth * width;
                counter.flops += tokens * 4 * previousWidth * width;
            }

            for (Block block : stage.blocks()) {
                long window = effectiveWindow(block.windowSize(), (int) side);
                long paddedSide = ceilToMultiple(side, window);
                long paddedTokens = paddedSide * paddedSide;
                long biasTableSide = 2 * window - 1;
                counter.params += biasTableSide * biasTableSide * block.numHeads();
                counter.transformerBlock(width, block.qkvDim(), block.mlpHiddenDim((int) width),
                        tokens, paddedTokens, window * window);
            }
            previousWidth = width;
        }

        counter.head(previousWidth, architecture.numClasses());
        return counter.result();
    }

    /** Returns the window a block really attends over: a window wider than the feature map is the feature map. */
    public static int effectiveWindow(int windowSize, int featureMapSize) {
        return Math.min(windowSize, featureMapSize);
    }

    private static long ceilToMultiple(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static final class Counter {
        long params;
        long flops;

        void patchEmbedding(long channels, long patchSize, long width, long patches) {
            long kernel = channels * patchSize * patchSize;
            params += kernel * width + width;
            flops += patches * kernel * width;
        }

        void layerNorm(long width) {
            params += 2 * width;
        }

        void linear(long in, long out, long rows) {
            params += in * out + out;
            flops += rows * in * out;
        }

        /**
         * Adds one pre-norm transformer block. {@code attentionTokens} are the tokens the attention
         * projections run on (padded for windows) and {@code keysPerQuery} how many keys each query
         * attends to.
         */
        void transformerBlock(long width, long qkv, long hidden, long tokens, long attentionTokens, long keysPerQuery) {
            layerNorm(width);
            linear(width, qkv, attentionTokens);
            linear(width, qkv, attentionTokens);
            linear(width, qkv, attentionTokens);
            flops += 2 * attentionTokens * keysPerQuery * qkv;
            linear(qkv, width, attentionTokens);
            layerNorm(width);
            linear(width, hidden, tokens);
            linear(hidden, width, tokens);
        }

        void head(long width, long classes) {
            layerNorm(width);
            linear(width, classes, 1);
        }

        ComplexityResult result() {
            return new ComplexityResult(params, flops);
        }
    }
}
