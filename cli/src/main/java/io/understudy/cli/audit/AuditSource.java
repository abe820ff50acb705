package io.understudy.cli.audit;

import io.understudy.audit.AuditInputs;
import io.understudy.audit.AuditRange;
import io.understudy.audit.ReferenceReplay;
import io.understudy.cli.CommandFailure;
import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.node.NodeConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the audit and the replay share: where the cluster is, and the traffic function with the
 * nodes' static configuration. Give them the nodes' own settings ({@code --config node.properties},
 * {@code --set function.KEY=VALUE}) so that the replay runs the very function the nodes ran.
 */
public final class AuditSource {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--function", description = "Traffic function the nodes run (default: the 'function' setting, else"
            + " passthrough). Its static configuration: --set function.KEY=VALUE or --config, as for the nodes.")
    String function;

    /** The settings as a node would read them, with a node id that names no real node. */
    NodeConfig nodeSettings() {
        Map<String, Object> settings = new HashMap<>(Role.NODE.knownValues(cluster.settings(Role.NODE)));
        settings.put(NodeConfig.NODE_ID_CONFIG, ReferenceReplay.REPLAY_NODE);
        if (function != null) {
            settings.put(NodeConfig.FUNCTION_CONFIG, function);
        }
        return new NodeConfig(settings);
    }

    /**
     * Everything needed to read the topics and replay them; close it.
     *
     * @throws IllegalArgumentException naming the known functions when the function is unknown
     */
    AuditInputs open() {
        return AuditInputs.open(nodeSettings());
    }

    /** The range given on the command line: a bad one is the user's to fix, said in one line. */
    static AuditRange range(long fromOffset, long toOffset, boolean allowPending) {
        try {
            return new AuditRange(fromOffset, toOffset, allowPending);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (--from, --to)");
        }
    }
}
