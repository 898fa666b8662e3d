package io.vitsearch.supernet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter, ICLR 2019) that updates only the
 * elements a step's subnets used.
 *
 * <p>An element is updated at a step exactly when it lies in a leading slice that one of the
 * step's subnets read. Every other element keeps its value, first and second moments and step
 * count, so it gets neither weight decay nor a move from stale momentum. Each element counts its
 * own steps for the bias correction, so an element first used at step 1,000 is corrected like a
 * fresh parameter. For a tensor that is used whole, or not at all, this equals PyTorch's
 * {@code torch.optim.AdamW}, which skips parameters whose gradient is {@code None}.
 *
 * <p>The per-element update matches PyTorch's: {@code p -= lr * wd * p} (only for tensors that
 * decay), then {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}.
 */
final class MaskedAdamW implements AutoCloseable {

    static final String FIRST_MOMENT = "exp_avg.";
    static final String SECOND_MOMENT = "exp_avg_sq.";
    static final String STEP_COUNT = "step.";

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, State> states = new LinkedHashMap<>();

    /** Moments and per-element step counts (float32, exact up to 2^24 steps) of one tensor. */
    private record State(NDArray firstMoment, NDArray secondMoment, NDArray stepCount, boolean decays) {
    }

    MaskedAdamW(Map<String, NDArray> parameters, NDManager parent, double beta1, double beta2, double epsilon,
            double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        for (Map.Entry<String, NDArray> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            Shape shape = parameter.getValue().getShape();
            states.put(name, new State(zeros(FIRST_MOMENT + name, shape), zeros(SECOND_MOMENT + name, shape),
                    zeros(STEP_COUNT + name, shape), VitTensors.decays(name, shape.getShape())));
        }
    }

    /**
     * Applies one update to the slices recorded in {@code usage}, reading the gradients that the
     * step's backward passes accumulated, and then zeroes those gradients. Temporary arrays go to
     * {@code stepManager}.
     */
    void step(Map<String, NDArray> parameters, SliceUsage usage, double learningRate, NDManager stepManager) {
        for (Map.Entry<String, List<long[]>> used : usage.slices().entrySet()) {
            NDArray parameter = parameters.get(used.getKey());
            State state = states.get(used.getKey());
            NDArray gradient = parameter.getGradient();
            gradient.attach(stepManager);

            update(parameter, gradient, state, used.getValue(), learningRate, stepManager);
            gradient.muli(0);
        }
    }

    /** Zeroes the gradients of the recorded slices without updating anything, after a failed step. */
    static void discardGradients(Map<String, NDArray> parameters, SliceUsage usage, NDManager stepManager) {
        for (String name : usage.slices().keySet()) {
            NDArray parameter = parameters.get(name);
            if (parameter.hasGradient()) {
                NDArray gradient = parameter.getGradient();
                gradient.attach(stepManager);
                gradient.muli(0);
            }
        }
    }

    private void update(NDArray parameter, NDArray gradient, State state, List<long[]> slices, double learningRate,
            NDManager stepManager) {
        long[] box = boundingBox(slices);
        NDIndex region = VitSupernet.leading(box);
        NDArray g = gradient.get(stepManager, region);
        // Basic slicing in libtorch returns views, so in-place ops on these write through to the stored tensors.
        NDArray p = parameter.get(stepManager, region);
        NDArray m = state.firstMoment().get(stepManager, region);
        NDArray v = state.secondMoment().get(stepManager, region);
        NDArray t = state.stepCount().get(stepManager, region);

        if (slices.size() == 1) {
            t.addi(1f);
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray step = direction(m, v, t).muli(learningRate);
            if (state.decays()) {
                p.muli(1 - learningRate * weightDecay);
            }
            p.subi(step);
            return;
        }

        // Several distinct slices: update the bounding box, then keep the old values where no slice reached.
        NDArray mask = mask(box, slices, stepManager);
        NDArray used = mask.gt(0f);
        NDArray newT = t.add(mask);
        NDArray newM = m.mul(beta1).addi(g.mul(1 - beta1));
        NDArray newV = v.mul(beta2).addi(g.square().muli(1 - beta2));
        NDArray step = direction(newM, newV, newT).muli(learningRate);
        NDArray decayed = state.decays() ? p.mul(1 - learningRate * weightDecay) : p;
        NDArray newP = NDArrays.where(used, decayed.sub(step), p);
        // Each set reads its view of the old values before it overwrites them.
        parameter.set(region, newP);
        state.firstMoment().set(region, NDArrays.where(used, newM, m));
        state.secondMoment().set(region, NDArrays.where(used, newV, v));
        state.stepCount().set(region, newT);
    }

    /** Returns m_hat / (sqrt(v_hat) + eps) with per-element bias corrections from the step counts t. */
    private NDArray direction(NDArray m, NDArray v, NDArray t) {
        NDArray firstCorrection = t.mul(Math.log(beta1)).exp().negi().addi(1f);
        NDArray secondCorrection = t.mul(Math.log(beta2)).exp().negi().addi(1f);
        NDArray denominator = v.div(secondCorrection).sqrt().addi(epsilon);
        return m.div(firstCorrection).divi(denominator);
    }

    private static long[] boundingBox(List<long[]> slices) {
        long[] box = slices.get(0).clone();
        for (long[] slice : slices) {
            for (int d = 0; d < box.length; d++) {
                box[d] = Math.max(box[d], slice[d]);
            }
        }
        return box;
    }

    /** Returns 1 where any used slice covers an element of the bounding box, else 0. */
    private static NDArray mask(long[] box, List<long[]> slices, NDManager stepManager) {
        NDArray mask = stepManager.zeros(new Shape(box), DataType.FLOAT32);
        for (long[] slice : slices) {
            mask.set(VitSupernet.leading(slice), 1f);
        }
        return mask;
    }

    /** Returns the optimizer state tensors, named with PyTorch's state keys as prefixes. */
    Map<String, NDArray> stateTensors() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (State state : states.values()) {
            tensors.put(state.firstMoment().getName(), state.firstMoment());
            tensors.put(state.secondMoment().getName(), state.secondMoment());
            tensors.put(state.stepCount().getName(), state.stepCount());
        }
        return tensors;
    }

    /** Replaces the state with tensors read from a checkpoint, checking every name and shape. */
    void loadState(Map<String, NDArray> stored) {
        for (Map.Entry<String, NDArray> tensor : stateTensors().entrySet()) {
            NDArray value = stored.get(tensor.getKey());
            VitSupernet.requireShape("optimizer state", tensor.getKey(), value, tensor.getValue().getShape().getShape());
            NDArray target = tensor.getValue();
            target.set(VitSupernet.leading(target.getShape().getShape()),
                    value.toType(DataType.FLOAT32, false).toDevice(manager.getDevice(), false));
        }
    }

    private NDArray zeros(String name, Shape shape) {
        NDArray array = manager.zeros(shape, DataType.FLOAT32);
        array.setName(name);
        return array;
    }

    @Override
    public void close() {
        manager.close();
    }
}
