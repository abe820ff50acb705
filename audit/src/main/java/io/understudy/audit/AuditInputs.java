package io.understudy.audit;

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

/**
 * What an audit and a replay read from: the nodes' settings (their traffic function and its static
 * configuration, the topics, the cluster) and the schema registry. Built from a {@link NodeConfig}
 * as the nodes read it, so that the replay runs the very function the nodes ran; close it.
 */
public final class AuditInputs implements AutoCloseable {

    private final NodeConfig config;
    private final TopicNames topics;
    private final SchemaRegistryClient registry;

    private AuditInputs(NodeConfig config, SchemaRegistryClient registry) {
        this.config = config;
        this.topics = config.topicNames();
        this.registry = registry;
    }

    /**
     * Opens the registry of the nodes' settings.
     *
     * @throws IllegalArgumentException naming the known functions when the nodes' function is unknown:
     *                                  refused before any topic is read
     */
    public static AuditInputs open(NodeConfig config) {
        NodeReplay.function(config.functionName(), config.functionConfig());
        return new AuditInputs(config, SchemaRegistryClient.forUrl(config.schemaRegistryUrl()));
    }

    public TopicNames topics() {
        return topics;
    }

    /** A replay of one ingress partition from its start, with a function of its own (functions may cache). */
    public ReferenceReplay replay(int partition) {
        return ReferenceReplay.of(config, partition, AvroSerde.forValues(TrafficPacket.class, registry).deserializer());
    }

    public AvroSerde<EgressRecord> egressSerde() {
        return AvroSerde.forValues(EgressRecord.class, registry);
    }

    public AvroSerde<LeaderChange> leadershipSerde() {
        return AvroSerde.forValues(LeaderChange.class, registry);
    }

    /** The nodes' Kafka client settings (bootstrap servers, security): what the audit reads the topics with. */
    public Map<String, Object> clientSettings() {
        return new HashMap<>(config.kafkaClientSettings());
    }

    @Override
    public void close() {
        registry.close();
    }
}
