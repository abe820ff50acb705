package io.understudy.stack.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM started by {@link JavaProcessLauncher}. On Linux {@link #stop()} sends SIGTERM
 * (the child's shutdown hooks run) and {@link #kill9()} sends SIGKILL (nothing runs: a crash).
 */
public final class LaunchedProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LaunchedProcess.class);

    /** How long {@link #stop()} and the exit hook wait after SIGTERM before sending SIGKILL. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    /** Children still running; the shutdown hook stops them so none outlives this JVM. */
    private static final Set<LaunchedProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LaunchedProcess::stopAllRunning, "understudy-child-reaper"));
    }

    private final Process process;
    private final Path logFile;
    private final long logStart; // where this child's output begins in the (appended) log file
    private final String description;

    private LaunchedProcess(Process process, Path logFile, long logStart, String description) {
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.description = description;
    }

    static LaunchedProcess track(Process process, Path logFile, long logStart, String description) {
        LaunchedProcess launched = new LaunchedProcess(process, logFile, logStart, description);
        RUNNING.add(launched);
        process.onExit().thenRun(() -> RUNNING.remove(launched));
        return launched;
    }

    public long pid() {
        return process.pid();
    }

    /** Where the child's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** The main class (or jar) and arguments, for messages. */
    public String description() {
        return description;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the child has exited; 128 + n when killed by signal n (137 after SIGKILL). */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the child to exit; true if it did within {@code timeout}. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the child has not exited after {@link #DEFAULT_STOP_GRACE}. Returns the exit code. */
    public int stop() {
        return stop(DEFAULT_STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL if the child has not exited after {@code grace}. Returns the exit code. */
    public int stop(Duration grace) {
        process.destroy();
        if (!waitFor(grace)) {
            log.warn("{} (pid {}) did not exit {} ms after SIGTERM: killing it", description, pid(), grace.toMillis());
            return kill9();
        }
        return process.exitValue();
    }

    /** SIGKILL: the child dies at once, without running any shutdown code. Returns the exit code. */
    public int kill9() {
        process.destroyForcibly();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + description, e);
        }
    }

    /**
     * Waits until a line this child wrote to the log matches, the child exits, or {@code timeout} passes.
     *
     * @return the first matching line, or empty if the child exited or the time ran out first
     */
    public Optional<String> awaitLogLine(Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = readLog().stream().filter(matches).findFirst();
            if (line.isPresent()) {
                return line;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                // one more look: the line may have been written just before the exit
                return readLog().stream().filter(matches).findFirst();
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The last {@code count} lines this child wrote to the log, joined with newlines, for error messages. */
    public String logTail(int count) {
        List<String> lines = readLog();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** Stops the child (see {@link #stop()}) if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private List<String> readLog() {
        try {
            if (!Files.exists(logFile)) {
                return List.of();
            }
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(logStart, bytes.length);
            // malformed bytes are replaced rather than failing: logs are for reading
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + description + ": " + logFile, e);
        }
    }

    /** SIGTERM to every child at once, a short grace, then SIGKILL to the rest. */
    private static void stopAllRunning() {
        List<LaunchedProcess> children = new ArrayList<>(RUNNING);
        children.forEach(child -> child.process.destroy());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (LaunchedProcess child : children) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            if (!child.waitFor(Duration.ofNanos(remaining))) {
                child.process.destroyForcibly();
            }
        }
    }
}
