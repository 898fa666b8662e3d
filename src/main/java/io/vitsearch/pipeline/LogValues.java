package io.vitsearch.pipeline;

import java.util.Locale;

/** Four-decimal formatting of errors and accuracies in log lines, which would otherwise print up to 17 significant digits. */
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
