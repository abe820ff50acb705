package io.understudy.stack.registry;

import io.understudy.stack.StackStartupException;
import io.understudy.stack.net.LoopbackPorts;
import io.understudy.stack.process.JavaProcessLauncher;
import io.understudy.stack.process.LaunchedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Apicurio Registry (in-memory storage) running as a child JVM on 127.0.0.1, with the
 * Confluent-compatible API at {@link #url()}.
 *
 * <p>It runs on the same {@code java} as this JVM, with a modest heap, and writes its output to
 * a log file. {@link #close()} stops it (SIGTERM, then SIGKILL); a shutdown hook does the same if
 * this JVM exits first, and if this JVM is killed outright the registry notices and exits
 * ({@link io.understudy.stack.process.ParentWatch}), so no registry outlives the tests that
 * started it.
 */
public final class ApicurioRegistryProcess implements AutoCloseable {

    /** Where the Confluent-compatible REST API lives on an Apicurio Registry 3 server. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

    /** Names the registry in {@link io.understudy.stack.net.PortInUseException#purpose()}. */
    public static final String PORT_PURPOSE = "schema registry";

    /** How long the registry gets to exit after SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 30;

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistryProcess.class);

    private final LaunchedProcess process;
    private final int port;
    private final boolean deleteLogOnClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApicurioRegistryProcess(LaunchedProcess process, int port, boolean deleteLogOnClose) {
        this.process = process;
        this.port = port;
        this.deleteLogOnClose = deleteLogOnClose;
    }

    /**
     * Starts the registry and waits until its API answers.
     *
     * @throws StackStartupException if the port is taken, the distribution cannot be found, or the
     *                               registry does not answer in time (the message ends with the
     *                               tail of its log)
     */
    public static ApicurioRegistryProcess start(RegistryOptions options) {
        long startNanos = System.nanoTime();
        RegistryDistribution distribution = RegistryDistribution.locate();
        int port = LoopbackPorts.resolve(options.port(), PORT_PURPOSE);
        boolean temporaryLog = options.logFile() == null;
        Path logFile = temporaryLog ? temporaryLogFile() : options.logFile().toAbsolutePath();
        try {
            Files.deleteIfExists(logFile); // one run per log file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the schema registry log " + logFile, e);
        }
        LaunchedProcess process = JavaProcessLauncher.executableJar(distribution.runnerJar())
                .withJvmArgs(
                        "-Xmx" + options.maxHeap(),
                        "-XX:+UseSerialGC",          // fewer threads and less memory; the registry does little work here
                        "-XX:TieredStopAtLevel=1",   // C1 only: starts faster, fast enough for tests
                        "-Dquarkus.http.host=" + LoopbackPorts.HOST,
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.banner.enabled=false")
                .withWorkingDir(logFile.getParent())
                .withLogFile(logFile)
                .start();
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, port, temporaryLog);
        try {
            registry.awaitReady(options.startTimeout());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        log.info("schema registry (Apicurio {}) ready at {} in {} ms (pid {}, log {})", distribution.version(), registry.url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), process.pid(), logFile);
        return registry;
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String url() {
        return "http://" + LoopbackPorts.HOST + ":" + port + CONFLUENT_API_PATH;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the registry process (SIGTERM, then SIGKILL after 5 s). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process.isAlive()) {
            process.stop(STOP_GRACE);
        }
        if (deleteLogOnClose) {
            try {
                Files.deleteIfExists(process.logFile());
            } catch (IOException e) {
                log.debug("cannot delete {}", process.logFile(), e);
            }
        }
    }

    /** Ready means: {@code GET /subjects} answers 200. */
    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackStartupException("the schema registry exited with code " + process.exitCode().orElse(-1)
                        + " before answering on port " + port + "; the end of its log (" + logFile() + "):"
                        + System.lineSeparator() + process.logTail(LOG_TAIL_LINES));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackStartupException("interrupted while waiting for the schema registry on port " + port);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackStartupException("interrupted while waiting for the schema registry on port " + port);
            }
        }
        throw new StackStartupException("the schema registry did not answer on " + url() + " within " + timeout.toSeconds()
                + " s; the end of its log (" + logFile() + "):" + System.lineSeparator() + process.logTail(LOG_TAIL_LINES));
    }

    private static Path temporaryLogFile() {
        try {
            return Files.createTempFile("understudy-registry-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file for the schema registry", e);
        }
    }
}
