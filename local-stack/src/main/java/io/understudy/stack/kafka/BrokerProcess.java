package io.understudy.stack.kafka;

import io.understudy.stack.StackStartupException;
import io.understudy.stack.files.Directories;
import io.understudy.stack.net.LoopbackPorts;
import io.understudy.stack.process.JavaProcessLauncher;
import io.understudy.stack.process.LaunchedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An {@link EmbeddedKafkaBroker} in a child JVM ({@link StandaloneBroker}), for tests that crash
 * the broker: {@link #kill9()} it, then {@link #restart()} it on the same ports and data.
 *
 * <pre>{@code
 * try (BrokerProcess broker = BrokerProcess.start(BrokerOptions.defaults())) {
 *     ... produce to broker.bootstrapServers() ...
 *     broker.kill9();
 *     broker.restart();   // same address, same topics and records
 * }
 * }</pre>
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String CHILD_HEAP = "-Xmx512m";
    private static final int LOG_TAIL_LINES = 30;

    private final BrokerOptions childOptions; // fixed ports and directory, data always kept by the child
    private final boolean deleteDataOnClose;
    private final Path logFile;
    private LaunchedProcess process;

    private BrokerProcess(BrokerOptions childOptions, boolean deleteDataOnClose, Path logFile) {
        this.childOptions = childOptions;
        this.deleteDataOnClose = deleteDataOnClose;
        this.logFile = logFile;
    }

    /**
     * Starts the broker process and waits until it answers. Ports given as 0 are chosen now and
     * kept for restarts; a {@code null} data directory becomes a temporary one.
     */
    public static BrokerProcess start(BrokerOptions options) {
        int port = LoopbackPorts.resolve(options.port(), EmbeddedKafkaBroker.PORT_PURPOSE);
        int controllerPort;
        do {
            controllerPort = LoopbackPorts.resolve(options.controllerPort(), EmbeddedKafkaBroker.CONTROLLER_PORT_PURPOSE);
        } while (controllerPort == port && options.controllerPort() == 0);
        try {
            Path dataDir = options.dataDir() != null ? Directories.requireWritable(options.dataDir(), "Kafka data directory")
                    : Files.createTempDirectory("understudy-kafka-process-");
            Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
            BrokerOptions childOptions = options.withPort(port).withControllerPort(controllerPort).withDataDir(dataDir).withKeepData(true);
            BrokerProcess broker = new BrokerProcess(childOptions, !options.keepData(), logFile);
            broker.launch(options.startTimeout());
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the Kafka broker process", e);
        }
    }

    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + childOptions.port();
    }

    public Path dataDir() {
        return childOptions.dataDir();
    }

    /** The child's output (appended across restarts). */
    public Path logFile() {
        return logFile;
    }

    /** The current process; a new one after each {@link #restart()}. */
    public synchronized LaunchedProcess process() {
        return process;
    }

    /** SIGKILL: the broker dies at once, as in a crash. */
    public synchronized void kill9() {
        process.kill9();
    }

    /** SIGTERM: the broker shuts down cleanly. */
    public synchronized void stop() {
        process.stop();
    }

    /** Starts the broker again on the same ports and data, after {@link #kill9()} or {@link #stop()}. */
    public synchronized void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the broker process " + process.pid() + " is still running: stop or kill it first");
        }
        launch(childOptions.startTimeout());
    }

    /** Stops the process if it runs, and deletes the data unless it is to be kept. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.stop();
        }
        if (deleteDataOnClose) {
            Directories.deleteRecursively(childOptions.dataDir());
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException e) {
                // a leftover log in the temp directory is harmless
            }
        }
    }

    private synchronized void launch(Duration timeout) {
        process = JavaProcessLauncher.mainClass(StandaloneBroker.class.getName())
                .withJvmArgs(CHILD_HEAP)
                .withArgs(StandaloneBroker.toArgs(childOptions))
                .withLogFile(logFile)
                .start();
        boolean ready = process.awaitLogLine(line -> line.startsWith(StandaloneBroker.READY_PREFIX), timeout).isPresent();
        if (!ready) {
            String state = process.isAlive() ? "did not get ready within " + timeout.toSeconds() + " s"
                    : "exited with code " + process.exitCode().orElse(-1);
            process.kill9();
            throw new StackStartupException("the Kafka broker process on " + bootstrapServers() + " " + state
                    + "; the end of its log (" + logFile + "):" + System.lineSeparator() + process.logTail(LOG_TAIL_LINES));
        }
    }
}
