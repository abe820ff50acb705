package io.understudy.cli.node;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.config.LayeredSettings;
import io.understudy.node.NodeConfig;
import io.understudy.node.UnderstudyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy node}: runs one node until it is stopped. */
@Command(name = "node",
        description = "Runs a node: applies the traffic function to every ingress record, writes one output per"
                + " record to its own topic, and publishes heartbeats. Stops on SIGTERM or Ctrl-C.")
public final class NodeCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--id", description = "This node's id (letters, digits, - and _), stable across restarts"
            + " (required here or as node.id in the configuration).")
    String id;

    @Option(names = "--instance-id", description = "This instance of the node, when the node runs as several instances"
            + " that share its partitions (letters, digits, - and _), unique among them and stable across restarts"
            + " (default: the node id, one instance).")
    String instanceId;

    @Option(names = "--function", description = "Traffic function: passthrough (default), router, security-engine.")
    String function;

    @Option(names = "--state-dir", description = "Directory for local state (default: .understudy/state).")
    Path stateDir;

    @Option(names = "--initial-primary", description = "This node is the initial primary of a fresh deployment: it"
            + " reads ingress from the beginning and is synchronized from there. Every other node starts at the end of"
            + " the log and is synchronized by the leader. Only matters on partitions the node has no state for.")
    boolean initialPrimary;

    @Option(names = "--reset-state", description = "Drop this node's state (local and changelogged) once at this start"
            + " and have the leader synchronize it again.")
    boolean resetState;

    @Override
    public Integer call() throws Exception {
        LayeredSettings settings = cluster.settings(Role.NODE);
        settings.putIfSet(NodeConfig.NODE_ID_CONFIG, id, "--id");
        settings.putIfSet(NodeConfig.INSTANCE_ID_CONFIG, instanceId, "--instance-id");
        settings.putIfSet(NodeConfig.FUNCTION_CONFIG, function, "--function");
        settings.putIfSet(NodeConfig.STATE_DIR_CONFIG, stateDir == null ? null : stateDir.toString(), "--state-dir");
        if (initialPrimary) {
            settings.put(NodeConfig.START_SYNCHRONIZED_CONFIG, "true", "--initial-primary");
        }
        if (resetState) {
            settings.put(NodeConfig.RESET_STATE_CONFIG, "true", "--reset-state");
        }
        NodeConfig config = new NodeConfig(Role.NODE.knownValues(settings));
        UnderstudyNode node = UnderstudyNode.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "understudy-node-shutdown"));
        System.out.println("node " + config.nodeId() + (config.namedInstance() ? " instance " + config.instanceId() : "")
                + " running (" + config.functionName() + "); Ctrl-C to stop");
        node.observabilityUrl().ifPresent(url -> System.out.println("metrics " + url + "/metrics, health " + url
                + "/health/ready"));
        while (!node.awaitStop(Duration.ofSeconds(1))) {
            // the shutdown hook closes the node; a fatal stream error ends the wait too
        }
        return node.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
}
