package io.understudy.harness;

import io.understudy.bench.harness.EgressDecoder;
import io.understudy.bench.harness.SystemUnderTest;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.stack.LocalStack;
import io.understudy.stack.process.LaunchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Understudy as a system under benchmark: node a (primary), node b (backup) and the selector, each a
 * process of its own (each node as several instance processes, sharing its partitions, with
 * {@code nodeInstances} above 1), started by the demo's {@link Deployment} on the benchmark's
 * stack. The load generator writes the ingress topic directly, so no bridge runs. The failover kill
 * hits the whole primary node, every instance of it.
 */
public final class UnderstudySystem implements SystemUnderTest {

    private static final List<String> NODES = List.of("a", "b");

    private final LocalStack stack;
    private final Path workDir;
    private final int partitions;
    private final Map<String, String> roleSettings;
    private final int nodeInstances;
    private final SchemaRegistryClient registry;
    private Deployment deployment;

    /**
     * @param roleSettings settings given to the nodes and the selector, on top of their defaults
     */
    public UnderstudySystem(LocalStack stack, Path workDir, int partitions, Map<String, String> roleSettings) {
        this(stack, workDir, partitions, roleSettings, 1);
    }

    /** @param nodeInstances Kafka Streams instances (processes) each node runs as */
    public UnderstudySystem(LocalStack stack, Path workDir, int partitions, Map<String, String> roleSettings,
                            int nodeInstances) {
        this.nodeInstances = nodeInstances;
        this.stack = stack;
        this.workDir = workDir.resolve("understudy").toAbsolutePath();
        this.partitions = partitions;
        this.roleSettings = Map.copyOf(roleSettings);
        this.registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
    }

    @Override
    public String key() {
        return "understudy";
    }

    @Override
    public String title() {
        return "C: Understudy, primary + backup + selector" + (nodeInstances > 1 ? ", each node as " + nodeInstances
                + " instances" : "");
    }

    @Override
    public String settings() {
        String extra = roleSettings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return "passthrough function; node and selector defaults (exactly_once_v2, in-memory changelogged stores,"
                + " commit.interval.ms=20, heartbeats every 100 ms, failure.timeout.ms=300)"
                + (extra.isEmpty() ? "" : "; " + extra);
    }

    @Override
    public String ingressTopic() {
        return io.understudy.schemas.topics.TopicNames.defaults().ingress();
    }

    @Override
    public String egressTopic() {
        return io.understudy.schemas.topics.TopicNames.defaults().egress();
    }

    @Override
    public EgressDecoder egressDecoder() {
        return EgressDecoder.egressRecords(registry);
    }

    @Override
    public boolean hasStandby() {
        return true;
    }

    @Override
    public void start(Duration timeout) throws Exception {
        java.nio.file.Files.createDirectories(workDir);
        // the JVM's default compilers, as the baseline's JVMs have: the benchmark warms up before it measures
        deployment = Deployment.onStack(stack, workDir, partitions, NODES, "passthrough", roleSettings,
                Deployment.Compilation.STEADY_STATE);
        LeadershipWatch leadership = new LeadershipWatch();
        HeartbeatWatch heartbeats = new HeartbeatWatch();
        String bootstrap = stack.bootstrapServers();
        try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                     AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                     r -> leadership.accept(r.value())).start();
             TopicTail<Heartbeat> heartbeatTail = TopicTail.heartbeats(bootstrap, deployment.topics(), NODES,
                         AvroSerde.forValues(Heartbeat.class, registry).deserializer(), heartbeats::accept).start()) {
            for (String process : Deployment.instancesOf("a", nodeInstances)) {
                deployment.startNodeProcess(process, "--initial-primary");
            }
            for (String process : Deployment.instancesOf("b", nodeInstances)) {
                deployment.startNodeProcess(process); // synchronized by a through the protocol, with nothing to copy yet
            }
            deployment.startSelector("a");
            deployment.startSelector("a", "2"); // the standby selector, for the selector-kill phase
            Map<Integer, Long> start = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                start.put(p, -1L);
            }
            for (String node : NODES) {
                if (!heartbeats.awaitCaughtUp(node, start, timeout.toMillis())) {
                    throw new IllegalStateException("node " + node + " was not synchronized within " + timeout.toSeconds()
                            + " s; see " + deployment.node(Deployment.instancesOf(node, nodeInstances).get(0)).logFile());
                }
            }
            if (!leadership.awaitLeaders(partitions, timeout.toMillis())) {
                throw new IllegalStateException("the selector chose no leader; see " + deployment.selector().logFile());
            }
            leadershipTail.check();
            heartbeatTail.check();
        }
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String node : NODES) {
            for (String key : Deployment.instancesOf(node, nodeInstances)) {
                LaunchedProcess process = deployment.node(key);
                if (process != null && process.isAlive()) {
                    pids.put("node-" + key.replace('/', '.'), process.pid());
                }
            }
        }
        for (String id : deployment.selectorIds()) {
            LaunchedProcess selector = deployment.selector(id);
            if (selector.isAlive()) {
                pids.put(selectorProcess(id), selector.pid());
            }
        }
        return pids;
    }

    @Override
    public String processOf(String producer) {
        return "node-" + producer; // egress names the node
    }

    /** The process name of a selector instance: "selector" (instance 1, the active one at first) or "selector-2". */
    private static String selectorProcess(String instanceId) {
        return "1".equals(instanceId) ? "selector" : "selector-" + instanceId;
    }

    @Override
    public Optional<String> selectorToKill() {
        try {
            return Optional.ofNullable(deployment.activeSelector(Duration.ofSeconds(10))).map(UnderstudySystem::selectorProcess);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void kill9(String process) {
        if (process.startsWith("node-")) {
            String node = Deployment.nodeOf(process.substring("node-".length()).replace('.', '/'));
            for (String key : Deployment.instancesOf(node, nodeInstances)) {
                deployment.kill9(key);
            }
        } else if (process.startsWith("selector")) {
            deployment.selector(process.equals("selector") ? "1" : process.substring("selector-".length())).kill9();
        } else {
            throw new IllegalArgumentException("only nodes and selectors are killed: " + process);
        }
    }

    @Override
    public void close() {
        if (deployment != null) {
            deployment.close();
        }
        registry.close();
    }
}
