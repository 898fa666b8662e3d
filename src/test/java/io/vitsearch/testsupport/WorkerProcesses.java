package io.vitsearch.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vitsearch.VitsearchApplication;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the application in child JVMs, as an operator starts worker processes, so that a test can
 * kill one with SIGKILL. Each child runs the test classpath with DJL offline and one OpenMP thread,
 * and writes its standard output and error to a log file. Register it with
 * {@code @RegisterExtension}: after each test it kills every child it started, then prints their
 * logs when the test failed.
 */
public final class WorkerProcesses implements AfterEachCallback {

    /** Exit status that {@link Process#exitValue()} reports for a child ended by signal 9 (128 + 9). */
    public static final int SIGKILL_EXIT_STATUS = 137;

    /**
     * Time a child may take to start Spring, validate the schema and load libtorch, on a machine
     * shared with other tests.
     */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern WORKER_STARTED = Pattern.compile("Worker (\\S+) started on device (\\S+),");

    private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    /** Children of every test in this JVM that may still run. A shutdown hook kills them if the JVM exits first. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "kill-worker-processes"));
    }

    private final List<WorkerProcess> started = new ArrayList<>();

    /**
     * Starts the application with {@code properties} as command-line properties. Returns as soon as
     * the process runs, before it is ready, and {@link WorkerProcess#awaitWorkerStarted()} waits
     * for its worker.
     *
     * @param name names the log file {@code <name>.log} in {@code logDirectory}
     */
    public WorkerProcess start(String name, Path logDirectory, Map<String, String> properties) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Starting a child dominates these tests' run time. The C1 compiler alone and the serial
        // collector halved it (about 7 s instead of 15 s or more, on two shared cores).
        command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        // DJL reads both properties when its classes load. Offline mode stops it from contacting a
        // metadata address and a telemetry host, and the version selects the libtorch the tests use.
        command.add("-Dai.djl.offline=true");
        command.add("-DPYTORCH_VERSION=" + pytorchVersion());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(VitsearchApplication.class.getName());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // libtorch takes its OpenMP thread count from this variable, and one thread makes runs
        // reproducible bit for bit.
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        RUNNING.add(process);
        process.onExit().thenAccept(RUNNING::remove);
        WorkerProcess worker = new WorkerProcess(name, process, log);
        started.add(worker);
        return worker;
    }

    /** Returns the children started so far, oldest first. */
    public List<WorkerProcess> started() {
        return List.copyOf(started);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (WorkerProcess process : started) {
            try {
                process.kill();
            } catch (IllegalStateException e) {
                // The other children still get killed, and the shutdown hook tries this one again.
                System.err.println(e.getMessage());
            }
        }
        if (context.getExecutionException().isPresent()) {
            for (WorkerProcess process : started) {
                System.out.println("----- log of worker process " + process.name() + " (pid " + process.pid() + ", "
                        + process.logFile() + ") -----");
                System.out.println(process.log());
            }
        }
        started.clear();
    }

    private static String pytorchVersion() {
        String version = System.getProperty("PYTORCH_VERSION");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("System property PYTORCH_VERSION is not set, so a worker process could "
                    + "load another libtorch than this JVM. Run the tests through Maven, which sets it.");
        }
        return version;
    }

    /** One child JVM that runs the application. */
    public static final class WorkerProcess {

        private final String name;

        private final Process process;

        private final Path logFile;

        private WorkerProcess(String name, Process process, Path logFile) {
            this.name = name;
            this.process = process;
            this.logFile = logFile;
        }

        public String name() {
            return name;
        }

        public long pid() {
            return process.pid();
        }

        public Path logFile() {
            return logFile;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Returns everything the child has written so far. */
        public String log() {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits until the child's worker logs that it started, and returns its worker id, the
         * {@code lease_owner} it writes into the jobs it claims.
         *
         * @throws org.awaitility.core.ConditionTimeoutException when the worker does not start in time
         * @throws org.awaitility.core.TerminalFailureException when the child exits first
         */
        public String awaitWorkerStarted() {
            Matcher matcher = awaitLog(WORKER_STARTED);
            return matcher.group(1);
        }

        /** Waits until the child logs the port of its HTTP server (actuator only, in a worker-only process). */
        public int awaitHttpPort() {
            return Integer.parseInt(awaitLog(HTTP_PORT).group(1));
        }

        /** Waits until a line of the log matches {@code pattern} and returns the match; fails if the child exits. */
        public Matcher awaitLog(Pattern pattern) {
            return await("worker process " + name + " to log " + pattern)
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("worker process " + name + " exited; see " + logFile, () -> !process.isAlive())
                    .until(() -> pattern.matcher(log()), Matcher::find);
        }

        /**
         * Sends SIGKILL, waits for the child to end and returns its exit status, which is
         * {@link #SIGKILL_EXIT_STATUS} unless the child had ended before.
         */
        public int kill() {
            // On Linux destroyForcibly sends SIGKILL, so no shutdown hook or lifecycle callback runs.
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Worker process " + name + " (pid " + pid()
                            + ") is still alive 30 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for worker process " + name + " to end", e);
            }
            return process.exitValue();
        }
    }
}
