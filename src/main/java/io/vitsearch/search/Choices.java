package io.vitsearch.search;

import java.util.List;

/** Checks of one dimension's list of choices. */
final class Choices {

    private Choices() {
    }

    /** Requires a non-empty, strictly ascending list of integers, each at least {@code minimum}. */
    static void checkIntegers(Violations violations, String field, List<Integer> choices, int minimum) {
        if (choices == null || choices.isEmpty()) {
            violations.add(field, choices, "must list at least one choice");
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            Integer value = choices.get(i);
            if (value == null) {
                violations.add(field + "[" + i + "]", null, "must be a number");
                return;
            }
            if (value < minimum) {
                violations.add(field + "[" + i + "]", value, "must be at least " + minimum);
            }
            if (i > 0 && choices.get(i - 1) != null && value <= choices.get(i - 1)) {
                violations.add(field + "[" + i + "]", value,
                        "choices must be in ascending order without duplicates (previous: " + choices.get(i - 1) + ")");
            }
        }
    }

    /** Requires a non-empty, strictly ascending list of finite numbers greater than 0. */
    static void checkPositiveReals(Violations violations, String field, List<Double> choices) {
        if (choices == null || choices.isEmpty()) {
            violations.add(field, choices, "must list at least one choice");
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            Double value = choices.get(i);
            if (value == null) {
                violations.add(field + "[" + i + "]", null, "must be a number");
                return;
            }
            if (!(value > 0) || value.isInfinite()) {
                violations.add(field + "[" + i + "]", value, "must be a finite number greater than 0");
            }
            if (i > 0 && choices.get(i - 1) != null && value <= choices.get(i - 1)) {
                violations.add(field + "[" + i + "]", value,
                        "choices must be in ascending order without duplicates (previous: " + choices.get(i - 1) + ")");
            }
        }
    }

    /** Requires every Q-K-V choice to be divisible by every heads choice, so any pairing is valid. */
    static void checkQkvDivisibleByHeads(Violations violations, String qkvField, List<Integer> qkvDims, List<Integer> heads) {
        if (qkvDims == null || heads == null) {
            return;
        }
        for (int i = 0; i < qkvDims.size(); i++) {
            Integer qkv = qkvDims.get(i);
            for (Integer head : heads) {
                if (qkv != null && head != null && head > 0 && qkv % head != 0) {
                    violations.add(qkvField + "[" + i + "]", qkv,
                            "must be divisible by every numHeads choice; not divisible by " + head);
                    break;
                }
            }
        }
    }

    static int max(List<Integer> choices) {
        return choices.get(choices.size() - 1);
    }
}
