package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchRandomTest {

    @Test
    void sameSeedSameSequence() {
        SearchRandom first = SearchRandom.seeded(42);
        SearchRandom second = SearchRandom.seeded(42);

        for (int i = 0; i < 1000; i++) {
            assertThat(first.nextLong()).as("draw %d", i).isEqualTo(second.nextLong());
        }
        assertThat(SearchRandom.seeded(43).nextLong()).isNotEqualTo(SearchRandom.seeded(42).nextLong());
    }

    @Test
    void stateRoundTripsThroughJson() {
        SearchRandom random = SearchRandom.seeded(7);
        for (int i = 0; i < 37; i++) {
            random.nextLong();
        }

        String json = SearchJson.mapper().writeValueAsString(random);
        SearchRandom restored = SearchJson.mapper().readValue(json, SearchRandom.class);

        assertThat(json).startsWith("{\"state\":[");
        assertThat(restored).isEqualTo(random);
        for (int i = 0; i < 100; i++) {
            assertThat(restored.nextLong()).as("draw %d after restore", i).isEqualTo(random.nextLong());
        }
    }

    @Test
    void copyDrawsIndependently() {
        SearchRandom random = SearchRandom.seeded(1);
        SearchRandom copy = random.copy();

        long fromCopy = copy.nextLong();

        assertThat(random.nextLong()).isEqualTo(fromCopy);
        assertThat(random).isEqualTo(copy);
    }

    @Test
    void nextIntUniformInRange() {
        SearchRandom random = SearchRandom.seeded(3);
        int bound = 7;
        int draws = 70_000;
        int[] counts = new int[bound];

        for (int i = 0; i < draws; i++) {
            int value = random.nextInt(bound);
            assertThat(value).isBetween(0, bound - 1);
            counts[value]++;
        }

        // Each count is binomial with mean 10,000 and standard deviation about 93; 500 is over 5 sigma.
        for (int value = 0; value < bound; value++) {
            assertThat(counts[value]).as("count of %d", value).isBetween(9_500, 10_500);
        }
    }

    @Test
    void nextDoubleIsInUnitInterval() {
        SearchRandom random = SearchRandom.seeded(5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(random.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }

    @Test
    void invalidStateRejected() {
        assertThatThrownBy(() -> SearchRandom.fromState(new long[] {1, 2, 3}))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("state = [1, 2, 3]");
        assertThatThrownBy(() -> SearchRandom.fromState(new long[4]))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("all zero");
        assertThatThrownBy(() -> SearchRandom.seeded(1).nextInt(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
