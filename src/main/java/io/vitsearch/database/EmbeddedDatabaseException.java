package io.vitsearch.database;

/** Raised when the embedded PostgreSQL cannot start; the message explains how to use a server instead. */
public class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
