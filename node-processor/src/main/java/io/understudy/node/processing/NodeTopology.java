package io.understudy.node.processing;

import io.understudy.node.function.BoundFunction;
import io.understudy.node.heartbeat.ProgressBoard;
import io.understudy.node.state.PartitionStatus;
import io.understudy.records.NodeOutput;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.topics.TopicNames;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The node's Kafka Streams topology: ingress (raw bytes) into the {@link TrafficProcessor}, its
 * outputs into the node's own topic, in the partition of the ingress record they answer.
 */
public final class NodeTopology {

    static final String INGRESS_SOURCE = "ingress";
    static final String TRAFFIC_PROCESSOR = "traffic";
    static final String OUTPUT_SINK = "node-output";

    private NodeTopology() {
    }

    public static Topology build(TopicNames topics, String nodeId, BoundFunction function,
                                 Deserializer<TrafficPacket> packetDecoder, Serializer<NodeOutput> outputEncoder,
                                 ProgressBoard board, PartitionStatus startingStatus, NodeStores.Kind stores) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), INGRESS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), topics.ingress());
        topology.addProcessor(TRAFFIC_PROCESSOR,
                () -> new TrafficProcessor(nodeId, function, packetDecoder, board, startingStatus), INGRESS_SOURCE);
        topology.addStateStore(NodeStores.flows(stores), TRAFFIC_PROCESSOR);
        topology.addStateStore(NodeStores.partitionStatus(stores), TRAFFIC_PROCESSOR);
        topology.addSink(OUTPUT_SINK, topics.nodeOutput(nodeId), Serdes.String().serializer(), outputEncoder,
                new SameAsIngressPartition(), TRAFFIC_PROCESSOR);
        return topology;
    }

    /** Partition p of the node's output topic holds the outputs for ingress partition p. */
    static final class SameAsIngressPartition implements StreamPartitioner<String, NodeOutput> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, NodeOutput value, int numPartitions) {
            return Optional.of(Set.of(value.getIngressPartition()));
        }
    }
}
