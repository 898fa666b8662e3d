package io.vitsearch.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded PostgreSQL left running by a service process that was killed (SIGKILL gives the
 * JVM no chance to stop its child). Without this the next start fails because the old server still
 * locks the data directory.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private OrphanedServer() {
    }

    static void stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> server = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(OrphanedServer::isPostgres);
        if (server.isEmpty()) {
            // A stale pid file of a dead server: PostgreSQL removes it itself at start-up.
            return;
        }
        ProcessHandle process = server.get();
        log.warn("An embedded PostgreSQL (pid {}) from an earlier run still locks {}; stopping it before starting a new one",
                process.pid(), dataDirectory);
        process.destroy();
        try {
            process.onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("The earlier embedded PostgreSQL (pid " + process.pid() + ") did not stop within "
                    + SHUTDOWN_TIMEOUT.toSeconds() + " s; stop it by hand and start again", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }
}
