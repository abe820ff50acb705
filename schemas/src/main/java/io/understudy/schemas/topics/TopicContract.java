package io.understudy.schemas.topics;

import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorHeartbeat;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every Understudy topic and what it is bound to carry: the one place to read (and change) the
 * Topics table of docs/design.md. Each constant gives the topic's key, its Avro value type, how many
 * partitions it has and the topic configs it is created with.
 *
 * <p>Only the selector's state topic is compacted (one current record per partition); every other
 * topic is a log whose every record matters (a compacted ingress would lose packets, a compacted
 * leadership topic would lose the audit trail).
 */
public enum TopicContract {

    /**
     * Packets from the first endpoint. Written by the ingress bridge; read in full by every node,
     * each in its own consumer group. Kept for {@link TopicRetention#ingress()} (a week by
     * default) so that traffic can be replayed for audit.
     */
    INGRESS(TopicNames::ingress, KeyKind.FLOW_ID, TrafficPacket.class, PartitionRule.SHARED,
            "the ingress bridge",
            retention -> Map.of(TopicConfig.RETENTION_MS_CONFIG, retention.ingressRetentionMs())),

    /**
     * One node's outputs: exactly one {@link NodeOutput} per ingress record, partition p for
     * ingress partition p in offset order. One topic per node, so a dead node's open
     * transaction never blocks readers of another node's output.
     */
    NODE_OUTPUT(TopicNames::nodeOutput, KeyKind.FLOW_ID, NodeOutput.class, PartitionRule.SHARED,
            "the node named in the topic, only",
            retention -> Map.of()),

    /**
     * One node's heartbeats ({@code heartbeats.<id>}), from every instance of it (keyed {@code
     * node/instance}). Stamped by the broker ({@code LogAppendTime}): what matters is when a
     * heartbeat arrived, never the node's clock. Short-lived. One topic per node so that an ACL
     * lets only that node write it: a node cannot keep another "alive".
     */
    HEARTBEATS(TopicNames::heartbeats, KeyKind.NODE_INSTANCE, Heartbeat.class, PartitionRule.ONE,
            "the node named in the topic, only",
            retention -> Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, retention.heartbeatsRetentionMs(),
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),

    /**
     * One node's synchronization messages ({@code sync.<id>}: requests, checkpoints,
     * acknowledgements, declarations, probes). Co-partitioned with ingress: a message about
     * ingress partition p is written explicitly to partition p, since the protocol runs per
     * partition. One topic per node so that an ACL lets only that node write it, and a reader
     * takes the topic as the sender: a node cannot answer a synchronization in another's name.
     */
    NODE_SYNC(TopicNames::nodeSync, KeyKind.NODE_ID, SyncMessage.class, PartitionRule.SHARED,
            "the node named in the topic, only",
            retention -> Map.of()),

    /**
     * The egress selector's resync orders to the nodes ({@code sync}), partition p for ingress
     * partition p, read by the nodes beside every node's {@link #NODE_SYNC} topic.
     */
    SYNC(TopicNames::syncOrders, KeyKind.NODE_ID, SyncMessage.class, PartitionRule.SHARED,
            "the egress selector (resync orders), only",
            retention -> Map.of()),

    /**
     * The egress selector's leadership decisions: the audit log of who led each partition when.
     * Kept for ever ({@code retention.ms=-1}).
     */
    LEADERSHIP(TopicNames::leadership, KeyKind.PARTITION, LeaderChange.class, PartitionRule.ONE,
            "the egress selector",
            retention -> Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),

    /** What downstream consumes: the leader's outputs, each with its lineage. */
    EGRESS(TopicNames::egress, KeyKind.FLOW_ID, EgressRecord.class, PartitionRule.SHARED,
            "the egress selector, only",
            retention -> Map.of()),

    /**
     * Operators' requests to the egress selector, written to the partition of the ingress
     * partition they concern.
     */
    SELECTOR_COMMANDS(TopicNames::selectorCommands, KeyKind.PARTITION, SelectorCommand.class,
            PartitionRule.SHARED, "operators (the CLI)",
            retention -> Map.of()),

    /**
     * Poison ingress records: the leader's {@link NodeOutput} for each ingress record that could
     * not be decoded or made the traffic function fail, written once by the egress selector in
     * the transaction that passes it (partition p for ingress partition p). It names the ingress
     * partition and offset, where the raw record is, so it is kept as long as ingress.
     */
    DEAD_LETTER(TopicNames::deadLetter, KeyKind.FLOW_ID, NodeOutput.class, PartitionRule.SHARED,
            "the egress selector, only",
            retention -> Map.of(TopicConfig.RETENTION_MS_CONFIG, retention.ingressRetentionMs())),

    /**
     * The egress selector instances' heartbeats, saying which shards each one owns. Stamped by
     * the broker ({@code LogAppendTime}): an instance is judged silent on this partition's own
     * timeline, never on a reader's clock. Short-lived.
     */
    SELECTOR_HEARTBEATS(TopicNames::selectorHeartbeats, KeyKind.INSTANCE_ID, SelectorHeartbeat.class,
            PartitionRule.ONE, "every egress selector instance",
            retention -> Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, retention.heartbeatsRetentionMs(),
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),

    /**
     * The egress selector's state per ingress partition (leader, epoch, watermark, ineligible
     * nodes, where to re-read each node's outputs), written by the owner of the partition's shard
     * in the same transaction as its egress. Compacted: only the latest record of a partition
     * matters, and a standby reads it whole at start.
     */
    SELECTOR_STATE(TopicNames::selectorState, KeyKind.PARTITION, SelectorState.class, PartitionRule.SHARED,
            "the egress selector that owns the partition's shard, only",
            retention -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    /** The cleanup policy of every topic but the selector's state. */
    public static final String CLEANUP_POLICY = TopicConfig.CLEANUP_POLICY_DELETE;

    private final Function<TopicNames, String> fixedName;
    private final java.util.function.BiFunction<TopicNames, String, String> nodeName;
    private final KeyKind key;
    private final Class<? extends SpecificRecord> valueType;
    private final PartitionRule partitions;
    private final String writtenBy;
    private final Function<TopicRetention, Map<String, String>> specificConfigs;

    TopicContract(Function<TopicNames, String> fixedName, KeyKind key,
                  Class<? extends SpecificRecord> valueType, PartitionRule partitions, String writtenBy,
                  Function<TopicRetention, Map<String, String>> specificConfigs) {
        this(fixedName, null, key, valueType, partitions, writtenBy, specificConfigs);
    }

    /** A topic per node, named by {@code nodeName}. */
    TopicContract(java.util.function.BiFunction<TopicNames, String, String> nodeName, KeyKind key,
                  Class<? extends SpecificRecord> valueType, PartitionRule partitions, String writtenBy,
                  Function<TopicRetention, Map<String, String>> specificConfigs) {
        this(null, nodeName, key, valueType, partitions, writtenBy, specificConfigs);
    }

    TopicContract(Function<TopicNames, String> fixedName, java.util.function.BiFunction<TopicNames, String, String> nodeName,
                  KeyKind key, Class<? extends SpecificRecord> valueType, PartitionRule partitions, String writtenBy,
                  Function<TopicRetention, Map<String, String>> specificConfigs) {
        this.fixedName = fixedName;
        this.nodeName = nodeName;
        this.key = key;
        this.valueType = valueType;
        this.partitions = partitions;
        this.writtenBy = writtenBy;
        this.specificConfigs = specificConfigs;
    }

    /** What the record keys are (always plain UTF-8 strings). */
    public KeyKind key() {
        return key;
    }

    /** The Avro record every value on the topic is. */
    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    /** How many partitions the topic has. */
    public PartitionRule partitions() {
        return partitions;
    }

    /** Who may write to the topic (for documentation and error messages). */
    public String writtenBy() {
        return writtenBy;
    }

    /**
     * True for the topics of which each node has its own ({@link #NODE_OUTPUT}, {@link #HEARTBEATS},
     * {@link #NODE_SYNC}): only that node may write them.
     */
    public boolean perNode() {
        return fixedName == null;
    }

    /** The contracts of which each node has a topic of its own, in declaration order. */
    public static List<TopicContract> perNodeTopics() {
        return java.util.Arrays.stream(values()).filter(TopicContract::perNode).toList();
    }

    /**
     * The topic's name.
     *
     * @throws IllegalStateException for a {@link #perNode()} topic, whose name needs a node id
     */
    public String name(TopicNames names) {
        if (perNode()) {
            throw new IllegalStateException(this + " is one topic per node: use name(names, nodeId)");
        }
        return fixedName.apply(names);
    }

    /**
     * The name of one node's topic.
     *
     * @throws IllegalStateException for a topic that is not {@link #perNode()}
     */
    public String name(TopicNames names, String nodeId) {
        if (!perNode()) {
            throw new IllegalStateException(this + " is one topic for every node: use name(names)");
        }
        return nodeName.apply(names, nodeId);
    }

    /** The names of this topic for the given nodes: one per node for a {@link #perNode()} topic, else one. */
    public List<String> names(TopicNames names, Collection<String> nodeIds) {
        if (perNode()) {
            return nodeIds.stream().map(node -> nodeName.apply(names, node)).toList();
        }
        return List.of(name(names));
    }

    /** The partition count this topic must have in a deployment whose ingress has {@code ingressPartitions}. */
    public int partitionCount(int ingressPartitions) {
        return partitions == PartitionRule.ONE ? 1 : ingressPartitions;
    }

    /** The topic configs the topic is created with: cleanup policy, and retention and timestamps where they matter. */
    public Map<String, String> topicConfigs(TopicRetention retention) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, CLEANUP_POLICY);
        configs.putAll(specificConfigs.apply(retention)); // may set compaction (the selector's state only)
        return Map.copyOf(configs);
    }

    /** True for the one compacted topic (the selector's state). */
    public boolean compacted() {
        return TopicConfig.CLEANUP_POLICY_COMPACT.equals(specificConfigs.apply(TopicRetention.defaults())
                .get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    /** The contract of a topic, found by its name; empty for a topic that is not Understudy's. */
    public static Optional<TopicContract> of(TopicNames names, String topic) {
        if (names.nodeIdOf(topic).isPresent()) {
            return Optional.of(NODE_OUTPUT);
        }
        if (names.heartbeatsNodeOf(topic).isPresent()) {
            return Optional.of(HEARTBEATS);
        }
        if (names.syncNodeOf(topic).isPresent()) {
            return Optional.of(NODE_SYNC);
        }
        for (TopicContract contract : values()) {
            if (!contract.perNode() && contract.name(names).equals(topic)) {
                return Optional.of(contract);
            }
        }
        return Optional.empty();
    }
}
