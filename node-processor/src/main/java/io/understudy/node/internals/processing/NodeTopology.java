package io.understudy.node.internals.processing;

import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.startup.PresetPositions;
import io.understudy.node.internals.sync.CorruptionHook;
import io.understudy.node.internals.sync.SyncCounters;
import io.understudy.node.internals.sync.SyncSettings;
import io.understudy.records.NodeOutput;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.topics.TopicNames;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The node's Kafka Streams topology: ingress and every sync topic (all raw bytes, co-partitioned,
 * so task p reads partition p of each) into one {@link NodeProcessor}; its outputs into the node's
 * own output topic and its protocol messages into its own sync topic ({@code sync.<id>}, which
 * only this node may write), both in partition p. The sync topics are followed by pattern
 * ({@link TopicNames#syncPattern()}): a node that joins later is heard once its topic exists.
 */
public final class NodeTopology {

    static final String INGRESS_SOURCE = "ingress";
    static final String SYNC_SOURCE = "sync";
    static final String PROCESSOR = "partition";
    static final String OUTPUT_SINK = "node-output";
    static final String SYNC_SINK = "sync-out";

    /**
     * What a node's topology is made of.
     *
     * @param nodeId                this node's id
     * @param function              the traffic function
     * @param staticInfo            this node's static information
     * @param packets               decodes ingress values
     * @param outputs               encodes the node's outputs
     * @param syncDecoder           decodes sync messages
     * @param syncEncoder           encodes sync messages
     * @param board                 where the partitions' statuses go for heartbeats
     * @param leaders               who leads each partition
     * @param sync                  synchronization settings
     * @param ingressStartPositions per partition, the ingress offset this node's consumer resumes from when the
     *                              process starts (for the first task of each partition only)
     * @param counters              what the protocol did
     * @param stores                where the stores keep their data locally
     * @param meters                the node's Prometheus meters
     * @param reset                 whether a partition taken now has its state reset (once per instance start)
     */
    public record Parts(String nodeId, BoundFunction function, StaticInfo staticInfo, Deserializer<TrafficPacket> packets,
                        Serializer<NodeOutput> outputs, Deserializer<SyncMessage> syncDecoder,
                        Serializer<SyncMessage> syncEncoder, ProgressBoard board, LeaderLookup leaders, SyncSettings sync,
                        PresetPositions ingressStartPositions, SyncCounters counters, NodeStores.Kind stores,
                        io.understudy.node.internals.metrics.NodeMeters meters, io.understudy.node.internals.startup.StateReset reset) {
    }

    private NodeTopology() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(TopicNames topics, Parts parts) {
        // The initial primary processes the log from its beginning; any other new node starts at its
        // end (UnderstudyNode commits that position before starting) and is synchronized by the leader.
        AutoOffsetReset ingressReset = parts.sync().startsSynchronized() ? AutoOffsetReset.earliest()
                : AutoOffsetReset.latest();
        CorruptionHook corruption = parts.sync().corruptFlowForTest() == null ? null
                : new CorruptionHook(parts.sync().corruptFlowForTest());
        Topology topology = new Topology();
        topology.addSource(ingressReset, INGRESS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.ingress());
        // every node's sync topic and the selector's orders, present and future (a node may join at any time)
        topology.addSource(AutoOffsetReset.latest(), SYNC_SOURCE, new ProtocolFirst(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), topics.syncPattern());
        topology.addProcessor(PROCESSOR, () -> new NodeProcessor(parts, topics, corruption), INGRESS_SOURCE,
                SYNC_SOURCE);
        topology.addStateStore(NodeStores.flows(parts.stores()), PROCESSOR);
        topology.addStateStore(NodeStores.partitionStatus(parts.stores()), PROCESSOR);
        topology.addStateStore(NodeStores.stash(parts.stores()), PROCESSOR);
        topology.addStateStore(NodeStores.syncProgress(parts.stores()), PROCESSOR);
        topology.addSink(OUTPUT_SINK, topics.nodeOutput(parts.nodeId()), Serdes.String().serializer(),
                (Serializer) parts.outputs(), new SameAsIngressPartition(), PROCESSOR);
        topology.addSink(SYNC_SINK, topics.nodeSync(parts.nodeId()), Serdes.String().serializer(),
                (Serializer) parts.syncEncoder(),
                new PartitionNamedInMessage(), PROCESSOR);
        return topology;
    }

    /**
     * Gives every sync message the timestamp 0. A task takes the record with the smallest
     * timestamp among its inputs' buffered records, so protocol messages never queue behind an
     * ingress backlog: a synchronization's round trips do not wait for the leader to catch up.
     * (In which order sync and ingress records interleave does not matter to the protocol.)
     */
    static final class ProtocolFirst implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            return 0L;
        }
    }

    /** Partition p of the node's output topic holds the outputs for ingress partition p. */
    static final class SameAsIngressPartition implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(((NodeOutput) value).getIngressPartition()));
        }
    }

    /** A sync message about ingress partition p goes to partition p of the sync topic. */
    static final class PartitionNamedInMessage implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(((SyncMessage) value).getPartition()));
        }
    }
}
