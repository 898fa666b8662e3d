package io.vitsearch.supernet;

import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;

/** Training stopped because a subnet's loss was NaN or infinite. */
public class NonFiniteLossException extends RuntimeException {

    private final long step;
    private final transient VitArchitecture subnet;
    private final double loss;

    public NonFiniteLossException(long step, VitArchitecture subnet, double loss) {
        super("loss is " + loss + " at step " + step + " for subnet " + SearchJson.canonical(subnet)
                + "; lower the learning rate or check the input data for NaN values, then resume from the last checkpoint");
        this.step = step;
        this.subnet = subnet;
        this.loss = loss;
    }

    public long step() {
        return step;
    }

    public VitArchitecture subnet() {
        return subnet;
    }

    public double loss() {
        return loss;
    }
}
