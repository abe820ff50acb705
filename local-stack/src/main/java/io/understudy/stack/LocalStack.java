package io.understudy.stack;

import io.understudy.stack.files.Directories;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import io.understudy.stack.net.LoopbackPorts;
import io.understudy.stack.registry.ApicurioRegistryProcess;
import io.understudy.stack.registry.RegistryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A Kafka broker and a schema registry on 127.0.0.1, started together: the whole infrastructure
 * Understudy needs, without Docker.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(LocalStackOptions.defaults())) {
 *     StackEndpoints endpoints = stack.endpoints();
 * }
 * }</pre>
 *
 * The two start in parallel (the registry, a separate JVM, takes longest). Topics and schemas are
 * not created here: that is the {@code schemas} module's job.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    static final String KAFKA_SUBDIR = "kafka";
    static final String REGISTRY_LOG = "registry.log";

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistryProcess registry;
    private final Path directory;
    private final boolean keepData;
    private final boolean ownsDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStack(EmbeddedKafkaBroker broker, ApicurioRegistryProcess registry, Path directory, boolean keepData,
                       boolean ownsDirectory) {
        this.broker = broker;
        this.registry = registry;
        this.directory = directory;
        this.keepData = keepData;
        this.ownsDirectory = ownsDirectory;
    }

    /**
     * Starts the broker and the registry and returns once both answer.
     *
     * @throws StackStartupException with a one-line, actionable message (port taken, directory not
     *                               writable, registry distribution missing, ...)
     */
    public static LocalStack start(LocalStackOptions options) {
        long startNanos = System.nanoTime();
        // check both ports before starting anything, so a taken port fails at once
        int brokerPort = LoopbackPorts.resolve(options.brokerPort(), EmbeddedKafkaBroker.PORT_PURPOSE);
        int registryPort = LoopbackPorts.resolve(options.registryPort(), ApicurioRegistryProcess.PORT_PURPOSE);
        if (brokerPort == registryPort) {
            throw new StackStartupException("the Kafka broker and the schema registry cannot share port " + brokerPort);
        }
        boolean ownsDirectory = options.dataDir() == null || !Files.exists(options.dataDir());
        Path directory = options.dataDir() == null ? temporaryDirectory()
                : Directories.requireWritable(options.dataDir(), "data directory");

        CompletableFuture<ApicurioRegistryProcess> registryStart = CompletableFuture.supplyAsync(
                () -> ApicurioRegistryProcess.start(RegistryOptions.defaults()
                        .withPort(registryPort)
                        .withLogFile(directory.resolve(REGISTRY_LOG))),
                runnable -> {
                    Thread thread = new Thread(runnable, "understudy-registry-start");
                    thread.setDaemon(true);
                    thread.start();
                });
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults()
                    .withPort(brokerPort)
                    .withDataDir(directory.resolve(KAFKA_SUBDIR))
                    .withKeepData(options.keepData())
                    .withOverrides(options.brokerOverrides()));
        } catch (RuntimeException brokerFailure) {
            registryStart.thenAccept(ApicurioRegistryProcess::close);
            throw brokerFailure;
        }
        ApicurioRegistryProcess registry;
        try {
            registry = registryStart.join();
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        LocalStack stack = new LocalStack(broker, registry, directory, options.keepData(), ownsDirectory);
        log.info("local stack ready in {} ms: Kafka {}, schema registry {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                stack.bootstrapServers(), stack.schemaRegistryUrl());
        return stack;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    public StackEndpoints endpoints() {
        return new StackEndpoints(bootstrapServers(), schemaRegistryUrl());
    }

    /** The stack's directory (broker data, registry log). */
    public Path directory() {
        return directory;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public ApicurioRegistryProcess registry() {
        return registry;
    }

    /** Stops both (the registry's SIGTERM goes first, it takes longest) and deletes what is not kept. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> registryStop = CompletableFuture.runAsync(registry::close, runnable -> {
            Thread thread = new Thread(runnable, "understudy-registry-stop");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            broker.close();
        } finally {
            registryStop.join();
            if (!keepData) {
                deleteQuietly(directory.resolve(REGISTRY_LOG));
                if (ownsDirectory && isEmpty(directory)) {
                    deleteQuietly(directory);
                }
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("understudy-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the local stack", e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("cannot delete {}", path, e);
        }
    }
}
