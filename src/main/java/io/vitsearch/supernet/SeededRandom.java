package io.vitsearch.supernet;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014): a generator whose whole state is one {@code long}, so a checkpoint can store it and a
 * resumed run draws the same numbers as one that never stopped.
 */
final class SeededRandom implements RandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SeededRandom(long state) {
        this.state = state;
    }

    /** Returns a seed for an independent stream derived from {@code seed} and a stream number. */
    static long derive(long seed, long stream) {
        return mix(seed ^ mix(stream + GOLDEN_GAMMA));
    }

    long state() {
        return state;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
