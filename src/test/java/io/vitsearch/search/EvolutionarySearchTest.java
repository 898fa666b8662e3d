package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EvolutionarySearchTest {

    private static final Constraints CONSTRAINTS = new Constraints(300_000L, 1_500_000L, null);

    /** 20 generations of 20 = 400 evaluations; random search below gets the same budget. */
    private static final EvolutionSettings EVOLUTION = new EvolutionSettings(20, 20, 5, 8, 8, 0.2, 0.4, 100);
    private static final EvolutionSettings RANDOM_SEARCH = new EvolutionSettings(20, 20, 5, 0, 0, 0.2, 0.4, 100);

    @Test
    void evolutionBeatsRandomSearchOnSameBudget() {
        int seeds = 20;
        int evolutionWins = 0;
        double evolutionTotal = 0;
        double randomTotal = 0;
        List<String> perSeed = new ArrayList<>();

        for (long seed = 1; seed <= seeds; seed++) {
            long noiseSeed = seed * 1_000_003;
            SyntheticLandscape evolutionLandscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, noiseSeed));
            SyntheticLandscape randomLandscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, noiseSeed));

            SearchState evolved = EvolutionarySearch.run(
                    EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, seed), evolutionLandscape);
            SearchState random = EvolutionarySearch.run(
                    EvolutionarySearch.start(TestSpaces.vit(), RANDOM_SEARCH, CONSTRAINTS, 5, seed), randomLandscape);

            assertEveryEvaluationAllowed(evolutionLandscape, "evolution, seed " + seed);
            assertEveryEvaluationAllowed(randomLandscape, "random search, seed " + seed);
            assertThat(evolutionLandscape.seen).as("evolution budget, seed %d", seed).hasSizeLessThanOrEqualTo(400);
            assertThat(randomLandscape.seen).as("random budget, seed %d", seed).hasSize(evolutionLandscape.seen.size());

            double evolutionBest = evolved.best().get(0).error();
            double randomBest = random.best().get(0).error();
            evolutionTotal += evolutionBest;
            randomTotal += randomBest;
            if (evolutionBest < randomBest) {
                evolutionWins++;
            }
            perSeed.add(String.format("seed %d: evolution %.4f, random %.4f", seed, evolutionBest, randomBest));
        }

        assertThat(evolutionTotal / seeds).as("mean best error over %d seeds: %s", seeds, perSeed)
                .isLessThan(randomTotal / seeds);
        assertThat(evolutionWins).as("seeds where evolution wins: %s", perSeed).isGreaterThanOrEqualTo(15);
    }

    @Test
    void evaluatorNeverSeesDuplicate() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 9));

        SearchState finished = EvolutionarySearch.run(
                EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 9), landscape);

        assertThat(landscape.duplicates).isEmpty();
        assertThat(finished.errors()).hasSize(landscape.seen.size());
        assertThat(landscape.batches).hasSize(EVOLUTION.generations());
    }

    @Test
    void exhaustedSpaceYieldsEmptyGenerationsWithoutDuplicates() {
        // 2 depths x (2 x 1 x 1 per layer): 2 + 4 = 6 architectures in all.
        VitSpace tiny = new VitSpace(28, 1, 4, 10, List.of(32), List.of(1, 2), List.of(1, 2), List.of(2.0),
                List.of(32));
        SyntheticLandscape landscape = new SyntheticLandscape(a -> ((VitArchitecture) a).depth());
        EvolutionSettings settings = new EvolutionSettings(4, 4, 2, 1, 1, 0.5, 0.5, 10);

        SearchState finished = EvolutionarySearch.run(
                EvolutionarySearch.start(tiny, settings, Constraints.NONE, 3, 1), landscape);

        assertThat(landscape.duplicates).isEmpty();
        assertThat(landscape.seen).hasSize(6);
        assertThat(finished.generations()).hasSize(4);
        assertThat(finished.population()).isEmpty();
    }

    @Test
    void candidatesRecordOriginAndParents() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 3));

        SearchState state = EvolutionarySearch.run(
                EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 3), landscape);

        Map<String, Candidate> byId = new HashMap<>();
        state.evaluated().forEach(candidate -> byId.put(candidate.id(), candidate));
        assertThat(state.generations().get(0).population()).allMatch(c -> c.origin().equals(Candidate.RANDOM));
        for (Generation generation : state.generations().subList(1, state.generations().size())) {
            for (Candidate candidate : generation.population()) {
                switch (candidate.origin()) {
                    case Candidate.MUTATION -> assertThat(candidate.parentIds()).hasSize(1);
                    case Candidate.CROSSOVER -> {
                        assertThat(candidate.parentIds()).hasSize(2);
                        VitArchitecture first = (VitArchitecture) byId.get(candidate.parentIds().get(0)).architecture();
                        VitArchitecture second = (VitArchitecture) byId.get(candidate.parentIds().get(1)).architecture();
                        assertThat(first.depth()).as("crossover parents' depths").isEqualTo(second.depth());
                        assertThat(((VitArchitecture) candidate.architecture()).depth()).isEqualTo(first.depth());
                    }
                    default -> assertThat(candidate.parentIds()).isEmpty();
                }
                for (String parentId : candidate.parentIds()) {
                    assertThat(byId).as("parent of %s evaluated earlier", candidate.id()).containsKey(parentId);
                    assertThat(generationOf(state, parentId)).isLessThan(generation.index());
                }
            }
        }
        long mutants = state.evaluated().stream().filter(c -> c.origin().equals(Candidate.MUTATION)).count();
        long children = state.evaluated().stream().filter(c -> c.origin().equals(Candidate.CROSSOVER)).count();
        assertThat(mutants).isGreaterThan(0);
        assertThat(children).isGreaterThan(0);
    }

    @Test
    void bestIsTopKOverAllGenerations() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 4));

        SearchState state = EvolutionarySearch.run(
                EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 7, 4), landscape);

        assertThat(state.best()).hasSize(7).isEqualTo(state.top(7));
        double worstOfBest = state.best().get(6).error();
        long better = state.evaluated().stream().filter(c -> c.error() < worstOfBest).count();
        assertThat(better).isEqualTo(6);
    }

    @Test
    void candidatesCarryTheirComplexity() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 5));
        SearchState state = EvolutionarySearch.step(
                EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 5), landscape);

        for (Candidate candidate : state.population()) {
            ComplexityResult complexity = Complexity.of(candidate.architecture());
            assertThat(candidate.params()).isEqualTo(complexity.params());
            assertThat(candidate.flops()).isEqualTo(complexity.flops());
        }
    }

    @Test
    void resumedSearchEqualsUninterruptedRun() {
        for (int stopAfter : new int[] {1, 3, 7}) {
            SyntheticLandscape straight = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 21));
            SyntheticLandscape resumed = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 21));
            SearchState start = EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 21);

            SearchState uninterrupted = EvolutionarySearch.run(start, straight);

            SearchState partial = start;
            for (int g = 0; g < stopAfter; g++) {
                partial = EvolutionarySearch.step(partial, resumed);
            }
            String checkpoint = SearchJson.mapper().writeValueAsString(partial);
            SearchState restored = SearchJson.mapper().readValue(checkpoint, SearchState.class);
            assertThat(restored).as("state read back after generation %d", stopAfter).isEqualTo(partial);
            SearchState continued = EvolutionarySearch.run(restored, resumed);

            assertThat(continued).as("resumed after generation %d", stopAfter).isEqualTo(uninterrupted);
            assertThat(SearchJson.mapper().writeValueAsString(continued))
                    .isEqualTo(SearchJson.mapper().writeValueAsString(uninterrupted));
            assertThat(resumed.batches).isEqualTo(straight.batches);
        }
    }

    @Test
    void hierarchicalSearchResumesIdentically() {
        SyntheticLandscape straight = new SyntheticLandscape(EvolutionarySearchTest::hierarchicalError);
        SyntheticLandscape resumed = new SyntheticLandscape(EvolutionarySearchTest::hierarchicalError);
        EvolutionSettings settings = new EvolutionSettings(10, 6, 4, 4, 4, 0.2, 0.4, 50);
        SearchState start = EvolutionarySearch.start(TestSpaces.hierarchical(), settings, Constraints.NONE, 3, 8);

        SearchState uninterrupted = EvolutionarySearch.run(start, straight);
        SearchState partial = EvolutionarySearch.step(EvolutionarySearch.step(start, resumed), resumed);
        SearchState restored = SearchJson.mapper().readValue(SearchJson.mapper().writeValueAsString(partial),
                SearchState.class);

        assertThat(EvolutionarySearch.run(restored, resumed)).isEqualTo(uninterrupted);
        assertThat(straight.duplicates).isEmpty();
        for (Architecture architecture : straight.seen) {
            assertThat(TestSpaces.hierarchical().contains(architecture)).as(architecture.id()).isTrue();
        }
        assertThat(uninterrupted.evaluated()).anyMatch(c -> c.origin().equals(Candidate.CROSSOVER));
    }

    @Test
    void sameSeedSameSearch() {
        SearchState first = EvolutionarySearch.run(EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 77),
                new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 1)));
        SearchState second = EvolutionarySearch.run(EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 77),
                new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 1)));
        SearchState otherSeed = EvolutionarySearch.run(EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 78),
                new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 1)));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed.generations().get(0)).isNotEqualTo(first.generations().get(0));
    }

    @Test
    void proposeAndCompleteSplitAStep() {
        SyntheticLandscape landscape = new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 2));
        SearchState start = EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 2);

        ProposedGeneration proposal = EvolutionarySearch.propose(start);
        ProposedGeneration restored = SearchJson.mapper().readValue(SearchJson.mapper().writeValueAsString(proposal),
                ProposedGeneration.class);
        SearchState completed = EvolutionarySearch.complete(restored, landscape.evaluate(restored.batch()));

        assertThat(completed).isEqualTo(EvolutionarySearch.step(start,
                new SyntheticLandscape(a -> SyntheticLandscape.vitObjective(a, 2))));
    }

    @Test
    void missingErrorRejected() {
        ProposedGeneration proposal = EvolutionarySearch.propose(
                EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, CONSTRAINTS, 5, 2));
        String firstId = proposal.candidates().get(0).id();

        assertThatThrownBy(() -> EvolutionarySearch.complete(proposal, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no error for architecture " + firstId);
        Map<String, Double> notANumber = new HashMap<>();
        proposal.candidates().forEach(c -> notANumber.put(c.id(), Double.NaN));
        assertThatThrownBy(() -> EvolutionarySearch.complete(proposal, notANumber))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned NaN");
    }

    @Test
    void finishedSearchRejectsAnotherStep() {
        EvolutionSettings singleGeneration = new EvolutionSettings(5, 1, 2, 1, 1, 0.2, 0.4, 10);
        SearchState finished = EvolutionarySearch.run(EvolutionarySearch.start(TestSpaces.vit(), singleGeneration, CONSTRAINTS, 5, 1),
                new SyntheticLandscape(a -> 0.5));

        assertThat(finished.finished()).isTrue();
        assertThatThrownBy(() -> EvolutionarySearch.propose(finished))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all 1 generations");
    }

    @Test
    void unsatisfiableConstraintRejectedAtStart() {
        assertThatThrownBy(() -> EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, new Constraints(null, 10L, null), 5, 1))
                .isInstanceOf(UnsatisfiableConstraintException.class)
                .hasMessageContaining("maxParams=10");

        SearchState flopsTooTight = EvolutionarySearch.start(TestSpaces.vit(), EVOLUTION, new Constraints(null, null, 1L), 5, 1);
        SyntheticLandscape landscape = new SyntheticLandscape(a -> 0.5);
        assertThatThrownBy(() -> EvolutionarySearch.step(flopsTooTight, landscape))
                .isInstanceOf(UnsatisfiableConstraintException.class)
                .hasMessageContaining("maxFlops=1")
                .hasMessageContaining("none of 2000 random architectures met it");
        assertThat(landscape.seen).isEmpty();
    }

    private static void assertEveryEvaluationAllowed(SyntheticLandscape landscape, String run) {
        Set<String> ids = new HashSet<>();
        for (Architecture architecture : landscape.seen) {
            ComplexityResult complexity = Complexity.of(architecture);
            assertThat(CONSTRAINTS.allows(complexity)).as("%s: %s has %s", run, architecture.id(), complexity).isTrue();
            assertThat(TestSpaces.vit().contains(architecture)).as("%s: %s in space", run, architecture.id()).isTrue();
            assertThat(ids.add(architecture.id())).as("%s: %s evaluated once", run, architecture.id()).isTrue();
        }
    }

    private static int generationOf(SearchState state, String id) {
        for (Generation generation : state.generations()) {
            if (generation.population().stream().anyMatch(c -> c.id().equals(id))) {
                return generation.index();
            }
        }
        throw new AssertionError("candidate " + id + " is in no generation");
    }

    private static double hierarchicalError(Architecture architecture) {
        HierarchicalArchitecture hierarchical = (HierarchicalArchitecture) architecture;
        double error = 0.5;
        for (Stage stage : hierarchical.stages()) {
            error -= 0.01 * stage.depth() + 0.0005 * stage.embedDim();
        }
        return error + SyntheticLandscape.noise(architecture.id(), 17);
    }
}
