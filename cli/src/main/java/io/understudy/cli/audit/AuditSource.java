package io.understudy.cli.audit;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.node.NodeConfig;
import io.understudy.node.NodeReplay;
import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
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
        Map<String, Object> settings = new HashMap<>(io.understudy.cli.options.Role.NODE.knownValues(cluster.settings(io.understudy.cli.options.Role.NODE)));
        settings.put(NodeConfig.NODE_ID_CONFIG, ReferenceReplay.REPLAY_NODE);
        if (function != null) {
            settings.put(NodeConfig.FUNCTION_CONFIG, function);
        }
        return new NodeConfig(settings);
    }

    /** Everything needed to read the topics and replay them; close it. */
    Opened open() {
        NodeConfig config = nodeSettings();
        NodeReplay.function(config.functionName(), config.functionConfig()); // an unknown function: refused now
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
        return new Opened(config, registry);
    }

    /** The opened sources. */
    static final class Opened implements AutoCloseable {
        final NodeConfig config;
        final TopicNames topics;
        final SchemaRegistryClient registry;

        Opened(NodeConfig config, SchemaRegistryClient registry) {
            this.config = config;
            this.topics = config.topicNames();
            this.registry = registry;
        }

        ReferenceReplay replay(int partition) {
            // a fresh function per partition (NodeReplay's): functions may cache, and partitions are independent
            return ReferenceReplay.of(config, partition, AvroSerde.forValues(TrafficPacket.class, registry).deserializer());
        }

        AvroSerde<EgressRecord> egressSerde() {
            return AvroSerde.forValues(EgressRecord.class, registry);
        }

        AvroSerde<LeaderChange> leadershipSerde() {
            return AvroSerde.forValues(LeaderChange.class, registry);
        }

        Map<String, Object> clientSettings() {
            return new HashMap<>(config.kafkaClientSettings());
        }

        @Override
        public void close() {
            registry.close();
        }
    }
}
