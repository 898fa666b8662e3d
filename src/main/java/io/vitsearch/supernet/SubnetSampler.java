package io.vitsearch.supernet;

import java.util.random.RandomGenerator;

import io.vitsearch.search.VitArchitecture;

/**
 * Draws the subnet a training step trains. Implementations must take all randomness from
 * {@code random}, which the trainer seeds and checkpoints, so that training is reproducible and
 * a resumed run samples the same subnets.
 */
@FunctionalInterface
public interface SubnetSampler {

    VitArchitecture sample(RandomGenerator random);
}
