package io.vitsearch.queue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Raises a logger's level for the duration of a test that would otherwise log thousands of lines. */
public final class LogLevels {

    private LogLevels() {
    }

    /** Sets the level of {@code type}'s logger and returns a handle that restores the previous level. */
    public static AutoCloseable set(Class<?> type, Level level) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        Level previous = logger.getLevel();
        logger.setLevel(level);
        return () -> logger.setLevel(previous);
    }
}
