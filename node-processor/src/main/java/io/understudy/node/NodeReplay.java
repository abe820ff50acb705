package io.understudy.node;

import io.understudy.api.FunctionConfig;
import io.understudy.api.TrafficFunction;
import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.state.MapStore;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.internals.traffic.TrafficPath;
import io.understudy.records.NodeOutput;
import io.understudy.records.TrafficPacket;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The node's record path for one ingress partition, run outside Kafka Streams with its state held
 * in memory: what a node that had the partition from its first offset answers for each record.
 * This is the node's deliberate entry point for replaying (the audit recomputes the egress with
 * it); it is the very code a running node applies to every record (decoding, the traffic function,
 * the flow store, the digest), not a copy of it, so the two cannot drift apart.
 *
 * <p>Because traffic functions read nothing but their inputs, what it yields for a record is what
 * every synchronized node produced for it, byte for byte, and {@link #digest()} after a record is
 * the digest those nodes report at that offset. Records must come in offset order, none skipped
 * (offsets taken by transaction markers aside); the replay refuses a record that goes back.
 *
 * <p>Not thread-safe: one replay per partition, used by one thread.
 */
public final class NodeReplay {

    private final int partition;
    private final TrafficPath path;
    private final PartitionState state;
    private long lastOffset = -1;

    private NodeReplay(String nodeId, BoundFunction function, int partition, Deserializer<TrafficPacket> packetDecoder,
                       String ingressTopic) {
        this.partition = partition;
        this.path = new TrafficPath(nodeId, function, packetDecoder, ingressTopic);
        this.state = PartitionState.load(partition, new MapStore<>("flows"), new MapStore<>("partition-status"),
                PartitionStatus.synchronizedFromStart(), status -> { });
        this.state.open(); // the replay is one long record handling: its flows may be read and written from now on
    }

    /**
     * A replay of {@code partition} as a node with these settings processes it: its traffic
     * function (found by name as the node finds it, with its {@code function.*} configuration),
     * its node id (in the outputs and log lines) and its ingress topic. Each replay gets a
     * function instance of its own: functions may cache, and partitions are independent.
     *
     * @param packetDecoder the ingress value decoder (the nodes' own: Avro through the schema registry)
     * @throws IllegalArgumentException naming the known functions when the function is unknown
     */
    public static NodeReplay of(NodeConfig config, int partition, Deserializer<TrafficPacket> packetDecoder) {
        BoundFunction function = FunctionCatalog.load().create(config.functionName(), config.functionConfig());
        return new NodeReplay(config.nodeId(), function, partition, packetDecoder, config.topicNames().ingress());
    }

    /**
     * A replay of {@code partition} through a function already at hand (a test's, or one not
     * registered as a service).
     *
     * @param nodeId        the node id the outputs and log lines carry
     * @param function      the traffic function, configured; used by this replay only
     * @param packetDecoder the ingress value decoder
     * @param ingressTopic  the ingress topic name (for the decoder)
     */
    public static NodeReplay of(String nodeId, TrafficFunction<?> function, int partition,
                                Deserializer<TrafficPacket> packetDecoder, String ingressTopic) {
        return new NodeReplay(nodeId, BoundFunction.bind(function), partition, packetDecoder, ingressTopic);
    }

    /**
     * The traffic function a node with these settings runs, created as the node creates it: to
     * refuse an unknown function name before any topic is read.
     *
     * @throws IllegalArgumentException naming the known functions when the function is unknown
     */
    public static TrafficFunction<?> function(String name, FunctionConfig config) {
        return FunctionCatalog.load().create(name, config).function();
    }

    /** The replayed ingress partition. */
    public int partition() {
        return partition;
    }

    /**
     * Applies the partition's next ingress record and answers with the node's one output for it
     * (its emissions, or its drop reason; an undecodable record is a drop, as on the nodes).
     *
     * @throws IllegalArgumentException when {@code offset} is not after the last record's
     * @throws RuntimeException         what the decoder throws when the schema registry does not
     *                                  answer: not the record's fault, so not a verdict (the nodes stop too)
     */
    public NodeOutput apply(long offset, String key, byte[] value, long timestamp) {
        if (offset <= lastOffset) {
            throw new IllegalArgumentException("ingress offset " + offset + " after " + lastOffset
                    + ": the replay needs the partition in offset order");
        }
        lastOffset = offset;
        NodeOutput output = path.apply(state, offset, key, value, timestamp).output();
        state.flush();
        return output;
    }

    /** The digest of the replayed state after the last record: what synchronized nodes report at that offset. */
    public long digest() {
        return state.status().digest();
    }
}
