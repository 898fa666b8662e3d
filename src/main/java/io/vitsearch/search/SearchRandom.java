package io.vitsearch.search;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The random number generator of the search: xoshiro256** (Blackman and Vigna), seeded through
 * SplitMix64. Unlike {@link java.util.Random} its whole state is four longs that serialise to JSON as
 * {@code {"state":[s0,s1,s2,s3]}}, so a search resumed from a checkpoint draws exactly the numbers an
 * uninterrupted run would have drawn.
 *
 * <p>Instances are mutable and not thread-safe; the search copies one before drawing so that a
 * {@link SearchState} never changes after it is built.
 */
public final class SearchRandom {

    private final long[] state;

    private SearchRandom(long[] state) {
        this.state = state;
    }

    /** Creates a generator whose state is derived from {@code seed} with SplitMix64. */
    public static SearchRandom seeded(long seed) {
        long[] state = new long[4];
        long x = seed;
        for (int i = 0; i < state.length; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            state[i] = z ^ (z >>> 31);
        }
        return new SearchRandom(state);
    }

    /** Restores a generator from a state written by {@link #state()}. */
    @JsonCreator
    public static SearchRandom fromState(@JsonProperty("state") long[] state) {
        if (state == null || state.length != 4) {
            throw new InvalidSpecException(List.of(new Violation("state",
                    state == null ? null : Arrays.toString(state), "must contain exactly 4 numbers")));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new InvalidSpecException(List.of(new Violation("state", Arrays.toString(state),
                    "must not be all zero: xoshiro256** would return 0 forever")));
        }
        return new SearchRandom(state.clone());
    }

    @JsonProperty("state")
    public long[] state() {
        return state.clone();
    }

    public SearchRandom copy() {
        return new SearchRandom(state.clone());
    }

    public long nextLong() {
        long result = Long.rotateLeft(state[1] * 5, 7) * 9;
        long t = state[1] << 17;
        state[2] ^= state[0];
        state[3] ^= state[1];
        state[1] ^= state[2];
        state[0] ^= state[3];
        state[2] ^= t;
        state[3] = Long.rotateLeft(state[3], 45);
        return result;
    }

    /** Returns a double uniformly distributed in [0, 1), from the top 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Returns true with probability {@code probability}. */
    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Returns an int uniformly distributed in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // 2^64 is rarely a multiple of bound; rejecting the top 2^64 mod bound values keeps every
        // residue equally likely.
        long excess = Long.remainderUnsigned(Long.remainderUnsigned(-1L, bound) + 1, bound);
        while (true) {
            long bits = nextLong();
            if (excess == 0 || Long.compareUnsigned(bits, -excess) < 0) {
                return (int) Long.remainderUnsigned(bits, bound);
            }
        }
    }

    public <T> T pick(List<T> choices) {
        return choices.get(nextInt(choices.size()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SearchRandom random && Arrays.equals(state, random.state);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "SearchRandom" + Arrays.toString(state);
    }
}
