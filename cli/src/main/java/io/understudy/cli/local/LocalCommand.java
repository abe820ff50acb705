package io.understudy.cli.local;

import io.understudy.cli.CommandFailure;
import io.understudy.cli.lifecycle.UntilStopped;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.registry.SchemaRegistryException;
import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.topics.ProvisionedTopics;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.schemas.topics.TopicProvisioningException;
import io.understudy.stack.LocalStack;
import io.understudy.stack.LocalStackOptions;
import io.understudy.stack.files.DirectoryNotWritableException;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import io.understudy.stack.net.LoopbackPorts;
import io.understudy.stack.net.PortInUseException;
import io.understudy.stack.registry.ApicurioRegistryProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code understudy local}: starts a Kafka broker (in this JVM) and a schema registry (a child
 * JVM), creates every topic, registers every schema, prints where they are and stays up until
 * Ctrl-C, then stops both cleanly.
 */
@Command(name = "local",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Runs a Kafka broker and a schema registry on 127.0.0.1 with every Understudy topic created and every schema "
                        + "registered, until Ctrl-C.",
                "Needs nothing but Java 17: no Docker."})
public final class LocalCommand implements Callable<Integer> {

    /** The line printed once everything is up; scripts may wait for it. */
    public static final String READY_LINE = "Stop with Ctrl-C.";

    /** The replication factor of the topics on a one-broker cluster. */
    private static final short REPLICATION_FACTOR = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions of the ingress topic and of every topic partitioned like it (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--prefix", defaultValue = TopicNames.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--nodes", defaultValue = "a,b", split = ",", paramLabel = "ID",
            description = "Ids of the nodes whose own topics (output, heartbeats, sync) to create, comma-separated"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<String> nodeIds;

    @Option(names = "--data-dir", defaultValue = "${env:UNDERSTUDY_HOME:-.}/.understudy/local", paramLabel = "DIR",
            description = "Where the broker keeps its data and the registry its log (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--keep-data",
            description = "Keep the data on exit, and start from it next time (default: start empty, delete on exit).")
    private boolean keepData;

    @Option(names = "--broker-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int brokerPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int registryPort;

    @Option(names = "--broker-only",
            description = "Start the Kafka broker alone: no registry, no topics, no schemas.")
    private boolean brokerOnly;

    @Option(names = "--broker-property", paramLabel = "KEY=VALUE",
            description = "A Kafka broker property that wins over the built-in settings; repeatable.")
    private Map<String, String> brokerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() {
        TopicNames names = validatedTopicNames();
        long startNanos = System.nanoTime();
        boolean dataDirExisted = Files.exists(dataDir);
        AutoCloseable running = brokerOnly ? startBrokerOnly(startNanos) : startStack(names, startNanos);
        out().println(READY_LINE);
        out().flush();
        UntilStopped.block(() -> stop(running, dataDirExisted));
        return 0;
    }

    private AutoCloseable startBrokerOnly(long startNanos) {
        EmbeddedKafkaBroker broker = translatingStartupFailures(() -> EmbeddedKafkaBroker.start(BrokerOptions.defaults()
                .withPort(brokerPort)
                .withDataDir(dataDir.resolve("kafka"))
                .withKeepData(keepData)
                .withOverrides(brokerProperties)));
        PrintWriter out = out();
        out.printf(Locale.ROOT, "Understudy Kafka broker is up in %.1f s%n", seconds(startNanos));
        out.printf("  Kafka bootstrap servers  %s%n", broker.bootstrapServers());
        out.printf("  Data                     %s%n", dataDescription(broker.dataDir()));
        return broker;
    }

    private AutoCloseable startStack(TopicNames names, long startNanos) {
        LocalStack stack = translatingStartupFailures(() -> LocalStack.start(LocalStackOptions.defaults()
                .withDataDir(dataDir)
                .withKeepData(keepData)
                .withBrokerPort(brokerPort)
                .withRegistryPort(registryPort)
                .withBrokerOverrides(brokerProperties)));
        try {
            ProvisionedTopics topics;
            try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
                topics = provisioner.ensureTopics(names, partitions, REPLICATION_FACTOR, nodeIds);
            }
            Map<String, Integer> schemaIds;
            try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl())) {
                schemaIds = SchemaCatalog.registerAll(registry, names, nodeIds);
            }
            printSummary(stack, names, topics, schemaIds, startNanos);
            return stack;
        } catch (TopicProvisioningException | SchemaRegistryException e) {
            stack.close();
            throw new CommandFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void printSummary(LocalStack stack, TopicNames names, ProvisionedTopics topics, Map<String, Integer> schemaIds,
                              long startNanos) {
        List<String> allTopics = new ArrayList<>(topics.created());
        allTopics.addAll(topics.verified());
        PrintWriter out = out();
        out.printf(Locale.ROOT, "Understudy local stack is up in %.1f s%n", seconds(startNanos));
        out.printf("  Kafka bootstrap servers  %s%n", stack.bootstrapServers());
        out.printf("  Schema registry          %s%n", stack.schemaRegistryUrl());
        out.printf("  Topics                   %d (%d created, %d already there; %d partitions, prefix \"%s\")%n",
                allTopics.size(), topics.created().size(), topics.verified().size(), partitions, names.prefix());
        for (String topic : allTopics) {
            out.printf("                           %s%n", topic);
        }
        out.printf("  Schemas                  %d subjects registered%n", schemaIds.size());
        out.printf("  Data                     %s%n", dataDescription(stack.directory()));
    }

    private String dataDescription(Path dir) {
        return dir.toAbsolutePath().normalize() + (keepData ? " (kept on exit)" : " (deleted on exit; --keep-data keeps it)");
    }

    /** Runs in the shutdown hook: stops what runs, then removes a data directory this run created, if empty. */
    private void stop(AutoCloseable running, boolean dataDirExisted) {
        long startNanos = System.nanoTime();
        PrintWriter out = out();
        out.println("Stopping...");
        out.flush();
        try {
            running.close();
        } catch (Exception e) {
            spec.commandLine().getErr().println("understudy: could not stop cleanly: " + e);
        }
        if (!keepData && !dataDirExisted) {
            deleteIfEmpty(dataDir.resolve("kafka"));
            deleteIfEmpty(dataDir);
        }
        out.printf(Locale.ROOT, "Stopped in %.1f s%n", seconds(startNanos));
        out.flush();
    }

    private TopicNames validatedTopicNames() {
        if (partitions < 1) {
            throw new CommandFailure("--partitions must be at least 1, got " + partitions);
        }
        try {
            nodeIds.forEach(TopicNames::requireValidNodeId);
            return new TopicNames(prefix);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** Adds the option to use to the library's message for a taken port or an unwritable directory. */
    private <T> T translatingStartupFailures(Callable<T> start) {
        try {
            return start.call();
        } catch (PortInUseException e) {
            String option = switch (e.purpose()) {
                case EmbeddedKafkaBroker.PORT_PURPOSE -> "--broker-port";
                case ApicurioRegistryProcess.PORT_PURPOSE -> "--registry-port";
                default -> null;
            };
            throw new CommandFailure(option == null ? e.getMessage()
                    : "port " + e.port() + " on " + LoopbackPorts.HOST + " is already in use, so the " + e.purpose() + " cannot listen there:"
                    + " stop whatever holds it, or choose another port with " + option + " (0 picks a free one)", e);
        } catch (DirectoryNotWritableException e) {
            throw new CommandFailure(e.getMessage() + " (--data-dir)", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // missing or not empty: leave it
        }
    }
}
