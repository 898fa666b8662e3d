package io.vitsearch.pipeline;

import java.util.Locale;

/** Formatting of measured values for log lines, so that operators read 0.2189 instead of 0.21885000000000004. */
final class LogValues {

    private LogValues() {
    }

    /** Returns the value with four decimals, or "none" for null. */
    static String rounded(Double value) {
        if (value == null) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
