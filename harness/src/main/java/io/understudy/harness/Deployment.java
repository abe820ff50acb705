package io.understudy.harness;

import io.understudy.bridge.BoundPorts;
import io.understudy.config.RoleKeys;
import io.understudy.node.NodeConfig;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.selector.SelectorConfig;
import io.understudy.stack.LocalStack;
import io.understudy.stack.LocalStackOptions;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.net.LoopbackPorts;
import io.understudy.stack.process.JavaProcessLauncher;
import io.understudy.stack.process.LaunchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Understudy deployment on this machine: the local stack in this JVM (or a cluster given by
 * its endpoints), and the bridge, the nodes and the selector each as a process of its own, so that
 * any of them can be killed for real.
 */
public final class Deployment implements AutoCloseable {

    /**
     * What every role process runs: the command line's entry point, by name (the cli module depends
     * on this one, not the other way round). It is on the class path of the demo (the shaded jar)
     * and of the system tests.
     */
    public static final String MAIN_CLASS = "io.understudy.cli.Main";

    /**
     * How the role JVMs compile. Every role of a deployment shares one machine with the broker and
     * registry here; which compilers pay off depends on whether the run measures a steady state.
     */
    public enum Compilation {
        /**
         * C1 only ({@code -XX:TieredStopAtLevel=1}): full speed within seconds. Four role JVMs running
         * C2 on two cores spent about a core compiling for the first ~100 s, so a 5,000 packets/s demo
         * caught up only after 100 s (60 s with C1), and heartbeats late by more than the failure
         * timeout moved leadership 7 times without a kill (none with C1). The demo's and the tests' choice.
         */
        QUICK_START(List.of("-XX:TieredStopAtLevel=1")),
        /** The JVM's default (C1, then C2): fastest once warm. The benchmark's choice: it warms up first. */
        STEADY_STATE(List.of());

        private final List<String> jvmArgs;

        Compilation(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
        }
    }

    private final StackEndpoints endpoints;
    /** Stopped last by {@link #close()}: the stack when owned, or what runs the given cluster; may be null. */
    private final AutoCloseable owned;
    private final Path workDir;
    private final String function;
    /** {@code --set} options of the nodes and of the selector: each role gets the keys it knows. */
    private final List<String> nodeSettings;
    private final List<String> selectorSettings;
    /** The function's static configuration, for the nodes only. */
    private final List<String> functionSettings;
    private final TopicNames topics = TopicNames.defaults();
    private final Compilation compilation;
    private final Map<String, LaunchedProcess> nodes = new LinkedHashMap<>();
    private final List<LaunchedProcess> others = new ArrayList<>();
    private final Map<String, LaunchedProcess> selectors = new LinkedHashMap<>();
    private final Map<String, Integer> restarts = new LinkedHashMap<>();
    private int bridgeTcpPort;
    private LaunchedProcess bridge;

    private Deployment(StackEndpoints endpoints, AutoCloseable owned, Path workDir, String function,
                       Map<String, String> roleSettings, Map<String, String> functionSettings, Compilation compilation) {
        this.endpoints = endpoints;
        this.compilation = compilation;
        this.owned = owned;
        this.workDir = workDir;
        this.function = function;
        this.nodeSettings = asSetOptions(only(NodeConfig.keys(), roleSettings));
        this.selectorSettings = asSetOptions(only(SelectorConfig.keys(), roleSettings));
        this.functionSettings = asSetOptions(functionSettings);
    }

    /**
     * The settings a role knows ({@code roleKeys}, the node's or the selector's): the deployment's settings are for the nodes and the selector
     * (commit.interval.ms is both's, stall.timeout.ms the selector's, streams.* the nodes'), and every
     * role refuses a key it does not know.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a key is neither the nodes' nor the
     *         selector's, naming it and the closest key
     */
    public static Map<String, String> only(RoleKeys roleKeys, Map<String, String> settings) {
        RoleKeys.union(List.of(NodeConfig.keys(), SelectorConfig.keys())).requireKnown(settings, "node or selector");
        Map<String, String> known = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (roleKeys.accepts(key)) {
                known.put(key, value);
            }
        });
        return known;
    }

    private static List<String> asSetOptions(Map<String, String> settings) {
        return settings.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
                .toList();
    }

    /** Starts the stack and creates every topic and schema for the given nodes. */
    public static Deployment prepare(Path workDir, int partitions, List<String> nodeIds, String function,
                              Map<String, String> roleSettings) {
        return prepare(workDir, partitions, nodeIds, function, roleSettings, Map.of());
    }

    /** As above, the nodes of {@code function} getting its static configuration ({@code function.*} settings). */
    public static Deployment prepare(Path workDir, int partitions, List<String> nodeIds, String function,
                              Map<String, String> roleSettings, Map<String, String> functionSettings) {
        LocalStack stack = LocalStack.start(LocalStackOptions.defaults().withDataDir(workDir.resolve("stack")));
        try {
            return provision(new Deployment(stack.endpoints(), stack, workDir, function, roleSettings,
                    functionSettings, Compilation.QUICK_START), partitions, nodeIds);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * A deployment on a stack that is already running (the benchmark's): creates every topic and
     * schema for the given nodes; {@link #close()} stops the processes but leaves the stack up.
     */
    public static Deployment onStack(LocalStack stack, Path workDir, int partitions, List<String> nodeIds, String function,
                              Map<String, String> roleSettings, Compilation compilation) {
        return provision(new Deployment(stack.endpoints(), null, workDir, function, roleSettings, Map.of(),
                compilation), partitions, nodeIds);
    }

    /**
     * A deployment on a cluster that runs elsewhere (e.g. a broker process a test restarts): creates
     * every topic and schema for the given nodes; {@link #close()} stops the processes, then
     * {@code owned} (null for nothing).
     */
    public static Deployment onCluster(StackEndpoints endpoints, AutoCloseable owned, Path workDir, int partitions,
                                List<String> nodeIds, String function, Map<String, String> roleSettings) {
        return onCluster(endpoints, owned, workDir, partitions, nodeIds, function, roleSettings, Map.of());
    }

    /** As above, the nodes of {@code function} getting its static configuration ({@code function.*} settings). */
    public static Deployment onCluster(StackEndpoints endpoints, AutoCloseable owned, Path workDir, int partitions,
                                List<String> nodeIds, String function, Map<String, String> roleSettings,
                                Map<String, String> functionSettings) {
        return provision(new Deployment(endpoints, owned, workDir, function, roleSettings, functionSettings,
                Compilation.QUICK_START), partitions, nodeIds);
    }

    private static Deployment provision(Deployment deployment, int partitions, List<String> nodeIds) {
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(deployment.endpoints.bootstrapServers());
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(deployment.endpoints.schemaRegistryUrl())) {
            provisioner.ensureTopics(deployment.topics, partitions, (short) 1, nodeIds);
            SchemaCatalog.registerAll(registry, deployment.topics, nodeIds);
        }
        return deployment;
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public TopicNames topics() {
        return topics;
    }

    public Path workDir() {
        return workDir;
    }

    public int bridgeTcpPort() {
        return bridgeTcpPort;
    }

    /** Starts the bridge; again after {@link #killBridge()}, on the same port, so endpoints can reconnect. */
    public void startBridge() {
        if (bridgeTcpPort == 0) {
            bridgeTcpPort = LoopbackPorts.pickFree();
        }
        bridge = launcher(bridge == null ? "bridge" : "bridge-" + (others.size() + 1))
                .withArgs("bridge", "--tcp-port", Integer.toString(bridgeTcpPort), "--http-port", "-1")
                .withArgs(cluster())
                .start();
        others.add(bridge);
        if (bridge.awaitLogLine(line -> line.contains(BoundPorts.LISTENING), Duration.ofSeconds(120)).isEmpty()) {
            throw new IllegalStateException("the bridge did not start; its log ends with:\n" + bridge.logTail(30));
        }
    }

    /** SIGKILL of the bridge: connections drop, packets in flight go unanswered. */
    public void killBridge() {
        bridge.kill9();
    }

    /**
     * Starts a node of the deployment's function. Give {@code --initial-primary} to the first node of
     * a fresh deployment only: any other node is synchronized by the leader. Other node options
     * ({@code --reset-state}, {@code --set key=value}) go in {@code extraArgs} too.
     */
    public void startNode(String id, String... extraArgs) {
        startNodeWithFunction(id, function, extraArgs);
    }

    /** Starts a node running another traffic function than the deployment's (a misconfigured node). */
    public void startNodeWithFunction(String id, String nodeFunction, String... extraArgs) {
        LaunchedProcess node = launcher("node-" + id)
                .withArgs("node", "--id", id, "--function", nodeFunction, "--state-dir", workDir.resolve("state").toString())
                .withArgs(cluster())
                .withArgs(nodeSettings)
                .withArgs(nodeFunction.equals(function) ? functionSettings : List.of())
                .withArgs(List.of(extraArgs))
                .start();
        nodes.put(id, node);
    }

    /**
     * The processes of a node that runs as {@code instances} Kafka Streams instances: {@code [a]}
     * for one (the node as always), {@code [a/a1, a/a2, ...]} for several. Each is a key of
     * {@link #startNode}, {@link #kill9}, {@link #restart} and {@link #node}.
     */
    public static List<String> instancesOf(String node, int instances) {
        if (instances <= 1) {
            return List.of(node);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            keys.add(node + "/" + node + i);
        }
        return keys;
    }

    /** The node of a process key ({@code a} or {@code a/a1}). */
    public static String nodeOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /**
     * Starts one process of a node: {@code a} the node as one instance, {@code a/a1} instance a1 of
     * node a ({@code --instance-id a1}), which shares the node's partitions with its other instances.
     */
    public void startNodeProcess(String key, String... extraArgs) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            startNode(key, extraArgs);
            return;
        }
        String id = key.substring(0, slash);
        String instance = key.substring(slash + 1);
        LaunchedProcess node = launcher("node-" + id + "." + instance)
                .withArgs("node", "--id", id, "--instance-id", instance, "--function", function, "--state-dir",
                        workDir.resolve("state").toString())
                .withArgs(cluster())
                .withArgs(nodeSettings)
                .withArgs(functionSettings)
                .withArgs(List.of(extraArgs))
                .start();
        nodes.put(key, node);
    }

    public void startSelector(String primary) {
        startSelector(primary, "1");
    }

    /**
     * Starts an instance of the selector group (ids "1", "2", ...): one owns the shard, the others
     * stand by and take it over within about half a second of its failure.
     */
    public void startSelector(String primary, String instanceId) {
        boolean first = "1".equals(instanceId);
        LaunchedProcess previous = selectors.get(instanceId);
        int restart = previous == null ? 0 : restarts.merge("selector-" + instanceId, 1, Integer::sum);
        String name = (first ? "selector" : "selector-" + instanceId) + (restart == 0 ? "" : "-restart-" + restart);
        if (previous != null) {
            others.remove(previous);
            previous.close();
        }
        LaunchedProcess selector = launcher(name)
                .withArgs("selector", "--primary", primary, "--instance-id", instanceId)
                .withArgs(cluster())
                .withArgs(selectorSettings)
                .start();
        selectors.put(instanceId, selector);
        others.add(selector);
    }

    /** The selector instance ids started so far, in start order. */
    public List<String> selectorIds() {
        return List.copyOf(selectors.keySet());
    }

    /** A selector instance, once started. */
    public LaunchedProcess selector(String instanceId) {
        return selectors.get(instanceId);
    }

    /**
     * The selector instances alive now and the shards each owns, as their own heartbeats of the
     * last {@code windowMs} say (the latest heartbeat of each instance wins).
     */
    public Map<String, List<Integer>> selectorOwnership(long windowMs) {
        Map<String, List<Integer>> owned = new java.util.TreeMap<>();
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(endpoints.schemaRegistryUrl());
             org.apache.kafka.clients.consumer.KafkaConsumer<String, io.understudy.records.SelectorHeartbeat> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                             org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers(),
                             org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                             new org.apache.kafka.common.serialization.StringDeserializer(),
                             io.understudy.schemas.serde.AvroSerde.forValues(io.understudy.records.SelectorHeartbeat.class,
                                     registry).deserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topics.selectorHeartbeats(), 0);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            var from = consumer.offsetsForTimes(Map.of(tp, System.currentTimeMillis() - windowMs)).get(tp);
            consumer.seek(tp, from == null ? end : from.offset());
            while (consumer.position(tp) < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    owned.put(record.value().getInstanceId(), List.copyOf(record.value().getOwned()));
                }
            }
        }
        return owned;
    }

    /** The selector instance that owns shard 0 now, waiting up to {@code timeout} for one (null if none). */
    public String activeSelector(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (Map.Entry<String, List<Integer>> entry : selectorOwnership(300).entrySet()) {
                if (entry.getValue().contains(0)) {
                    return entry.getKey();
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /**
     * The first selector's status page, from the line its observability endpoint logs at start
     * (every process of the deployment binds a free port of its own: {@code metrics.port=0}).
     */
    public java.util.Optional<String> selectorStatusPage() {
        String listening = io.understudy.observability.ObservabilityEndpoint.LISTENING;
        return selector().awaitLogLine(line -> line.contains(listening), Duration.ofSeconds(5))
                .map(line -> line.substring(line.indexOf(listening) + listening.length()).split(" ")[0] + "/");
    }

    /** SIGKILL of a selector instance. */
    public void killSelector(String instanceId) {
        selectors.get(instanceId).kill9();
    }

    /** The first selector instance, once started. */
    public LaunchedProcess selector() {
        return selectors.get("1");
    }

    /** SIGKILL: the node dies at once, mid-transaction. */
    public void kill9(String id) {
        nodes.get(id).kill9();
    }

    /**
     * Starts a node again with the same id and state directory: it keeps its state, so it stays
     * synchronized (never {@code --initial-primary} again). With {@code --reset-state} it drops its
     * state and is synchronized by the leader.
     */
    public void restart(String id, String... extraArgs) {
        restarts.merge(id, 1, Integer::sum);
        startNodeProcess(id, extraArgs);
    }

    public LaunchedProcess node(String id) {
        return nodes.get(id);
    }

    /** The pid of every role process alive now, by name (bridge, node-a, node-b, selector, ...). */
    public Map<String, Long> livePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (bridge != null && bridge.isAlive()) {
            pids.put("bridge", bridge.pid());
        }
        nodes.forEach((id, node) -> {
            if (node.isAlive()) {
                pids.put("node-" + id.replace('/', '.'), node.pid());
            }
        });
        selectors.forEach((id, selector) -> {
            if (selector.isAlive()) {
                pids.put("1".equals(id) ? "selector" : "selector-" + id, selector.pid());
            }
        });
        return pids;
    }

    private List<String> cluster() {
        return List.of("--bootstrap-servers", endpoints.bootstrapServers(), "--schema-registry-url",
                endpoints.schemaRegistryUrl());
    }

    /**
     * Extra JVM options for every role process, from the system property {@value #CHILD_JVM_ARGS}
     * (space-separated), placed after the deployment's own: {@code -XX:TieredStopAtLevel=4} there
     * gives a demo's roles C2 again, a JFR option profiles them.
     */
    public static final String CHILD_JVM_ARGS = "understudy.child.jvm.args";

    /**
     * The heap of a role process. A selector's heap is fixed and touched at start
     * ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}): its digest windows and kept
     * outputs live for seconds, long enough to be promoted, so with a growable heap the serial
     * collector fills the old generation with promoted garbage and the process's resident memory
     * creeps up for hours (269 to 396 MiB over the soak of 2026-12-07) before the first full
     * collection, while its live heap stays flat. With the heap taken at start, its memory is what
     * it will be from the first second, and no page fault of a first touch lands on the record path.
     * The other roles' memory is flat without it.
     */
    static List<String> heapOptions(String processName) {
        return processName.startsWith("selector")
                ? List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch")
                : List.of("-Xmx512m");
    }

    private JavaProcessLauncher launcher(String name) {
        List<String> jvmArgs = new ArrayList<>(heapOptions(name));
        jvmArgs.add("-XX:+UseSerialGC");
        jvmArgs.addAll(compilation.jvmArgs);
        for (String extra : System.getProperty(CHILD_JVM_ARGS, "").trim().split("\\s+")) {
            if (!extra.isEmpty()) {
                jvmArgs.add(extra);
            }
        }
        return JavaProcessLauncher.mainClass(MAIN_CLASS)
                .withJvmArgs(jvmArgs)
                .withWorkingDir(workDir)
                .withLogFile(workDir.resolve("logs").resolve(name + ".log"));
    }

    @Override
    public void close() {
        for (LaunchedProcess process : others) {
            if (process.isAlive()) {
                process.stop(Duration.ofSeconds(5));
            }
        }
        for (LaunchedProcess node : nodes.values()) {
            if (node.isAlive()) {
                node.stop(Duration.ofSeconds(5));
            }
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the deployment's cluster: " + e.getMessage(), e);
            }
        }
    }
}
