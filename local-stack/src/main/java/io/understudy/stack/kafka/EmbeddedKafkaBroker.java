package io.understudy.stack.kafka;

import io.understudy.stack.StackStartupException;
import io.understudy.stack.files.Directories;
import io.understudy.stack.net.LoopbackPorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Kafka 4.1 broker, KRaft mode, one node that is both broker and controller, running in
 * this JVM and listening on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
 *     String bootstrap = broker.bootstrapServers();   // e.g. 127.0.0.1:40123
 * }
 * }</pre>
 *
 * {@link #start} returns once the broker answers an Admin {@code describeCluster}; {@link #close}
 * stops it cleanly and deletes its data unless it is to be kept.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Names the broker in {@link io.understudy.stack.net.PortInUseException#purpose()}. */
    public static final String PORT_PURPOSE = "Kafka broker";
    /** Names the KRaft controller listener in {@link io.understudy.stack.net.PortInUseException#purpose()}. */
    public static final String CONTROLLER_PORT_PURPOSE = "Kafka controller";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** A Kafka log directory is recognised by this file, written when its storage is formatted. */
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final BrokerSettings.SecureListeners secure;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, BrokerSettings.SecureListeners secure,
                                Path dataDir, boolean deleteOnClose) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secure = secure;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Formats the storage (unless it already holds a Kafka log), starts the broker and waits until
     * it answers.
     *
     * @throws StackStartupException if a port is taken, the data directory cannot be written, or
     *                               the broker does not come up within the start timeout
     */
    public static EmbeddedKafkaBroker start(BrokerOptions options) {
        long startNanos = System.nanoTime();
        int port = LoopbackPorts.resolve(options.port(), PORT_PURPOSE);
        int controllerPort = options.controllerPort() != 0
                ? LoopbackPorts.resolve(options.controllerPort(), CONTROLLER_PORT_PURPOSE)
                : pickFreeOtherThan(port);
        Path dataDir = prepareDataDir(options);
        boolean deleteOnClose = !options.keepData();

        KafkaRaftServer server = null;
        try {
            BrokerSettings.SecureListeners secure = null;
            if (options.security() != null) {
                int saslSslPort = pickFreeOtherThan(port, controllerPort);
                secure = new BrokerSettings.SecureListeners(saslSslPort,
                        pickFreeOtherThan(port, controllerPort, saslSslPort), options.security());
            }
            Properties properties = BrokerSettings.forNode(port, controllerPort, dataDir, options.overrides(), secure);
            if (!Files.exists(dataDir.resolve(META_PROPERTIES))) {
                formatStorage(properties, dataDir); // a formatted directory restarts with its own cluster id
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port, controllerPort, secure, dataDir,
                    deleteOnClose);
            broker.awaitReady(options.startTimeout());
            log.info("Kafka broker ready on {} in {} ms (data in {})", broker.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dataDir);
            return broker;
        } catch (RuntimeException e) {
            if (server != null) {
                stopQuietly(server);
            }
            if (deleteOnClose) {
                Directories.deleteRecursively(dataDir);
            }
            if (e instanceof StackStartupException) {
                throw e;
            }
            throw new StackStartupException("the Kafka broker did not start on " + LoopbackPorts.HOST + ":" + port
                    + ": " + rootMessage(e), e);
        }
    }

    /** {@code bootstrap.servers} for clients, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The broker's log directory (topics, the KRaft metadata log). */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker (waiting for it) and deletes its data unless it is to be kept. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        stopQuietly(server);
        if (deleteOnClose) {
            Directories.deleteRecursively(dataDir);
        }
        log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static int pickFreeOtherThan(int... taken) {
        int candidate;
        do {
            candidate = LoopbackPorts.pickFree();
        } while (contains(taken, candidate));
        return candidate;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** {@code bootstrap.servers} of the SASL_SSL (SCRAM-SHA-512) listener. */
    public String saslSslBootstrapServers() {
        return LoopbackPorts.HOST + ":" + requireSecure().saslSslPort();
    }

    /** {@code bootstrap.servers} of the SSL listener that requires client certificates (mTLS). */
    public String sslBootstrapServers() {
        return LoopbackPorts.HOST + ":" + requireSecure().sslPort();
    }

    /**
     * Creates (or replaces) a SCRAM-SHA-512 user through the Admin API on the PLAINTEXT listener,
     * and waits until the broker knows it.
     */
    public void createScramUser(String user, String password) {
        requireSecure();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.alterUserScramCredentials(java.util.List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                    user, new org.apache.kafka.clients.admin.ScramCredentialInfo(
                            org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeUserScramCredentials(java.util.List.of(user)).all().get(30, TimeUnit.SECONDS)
                    .containsKey(user)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " did not appear within 30 s");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create SCRAM user " + user + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
    }

    private BrokerSettings.SecureListeners requireSecure() {
        if (secure == null) {
            throw new IllegalStateException("this broker was started without BrokerOptions.security: PLAINTEXT only");
        }
        return secure;
    }

    /**
     * A temporary directory, or the given one, created and writable. A directory that is not to be
     * kept starts empty, so a run never picks up what a crashed run left behind.
     */
    private static Path prepareDataDir(BrokerOptions options) {
        if (options.dataDir() == null) {
            try {
                return Files.createTempDirectory("understudy-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the Kafka broker", e);
            }
        }
        Path dir = Directories.requireWritable(options.dataDir(), "Kafka data directory");
        if (!options.keepData() && Files.exists(dir.resolve(META_PROPERTIES))) {
            Directories.deleteRecursively(dir);
            dir = Directories.requireWritable(dir, "Kafka data directory");
        }
        return dir;
    }

    /** Writes meta.properties and the bootstrap metadata into a new log directory. */
    private static void formatStorage(Properties properties, Path dataDir) {
        Path configFile = null;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            configFile = Files.createTempFile("understudy-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                properties.store(out, "embedded Kafka broker");
            }
            String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()};
            int status;
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                status = StorageTool.execute(args, printStream);
            }
            if (status != 0) {
                throw new StackStartupException("formatting the Kafka storage in " + dataDir + " failed (status " + status
                        + "): " + output.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration for formatting its storage", e);
        } catch (RuntimeException e) {
            if (e instanceof StackStartupException) {
                throw e;
            }
            throw new StackStartupException("formatting the Kafka storage in " + dataDir + " failed: " + rootMessage(e)
                    + " " + output.toString(StandardCharsets.UTF_8).strip(), e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException e) {
                    log.debug("cannot delete {}", configFile, e);
                }
            }
        }
    }

    /** Ready means: the broker answers describeCluster and lists itself. */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
            throw new StackStartupException("the Kafka broker on " + bootstrapServers() + " did not answer within "
                    + timeout.toSeconds() + " s" + (last == null ? "" : ": " + rootMessage(last)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while waiting for the Kafka broker on " + bootstrapServers());
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("the Kafka broker did not stop cleanly", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
