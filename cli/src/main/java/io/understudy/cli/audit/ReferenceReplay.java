package io.understudy.cli.audit;

import io.understudy.api.Emission;
import io.understudy.node.function.BoundFunction;
import io.understudy.node.state.PartitionState;
import io.understudy.node.state.PartitionStatus;
import io.understudy.node.traffic.TrafficPath;
import io.understudy.records.NodeOutput;
import io.understudy.records.TrafficPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The ingress log of one partition replayed, from its first offset, through the node's own record
 * path ({@link TrafficPath}: decoding, the traffic function, the flow store) with state held in
 * memory. Because traffic functions read nothing but their inputs, what it yields for each record
 * is what every synchronized node produced for it, byte for byte.
 */
public final class ReferenceReplay {

    /** The replay's node id; it never appears on any topic. */
    static final String REPLAY_NODE = "audit-replay";

    private final int partition;
    private final TrafficPath path;
    private final PartitionState state;
    private long lastOffset = -1;

    /**
     * @param partition     the ingress partition replayed
     * @param function      the traffic function, with the nodes' static configuration
     * @param packetDecoder the ingress value decoder (the nodes' own)
     * @param ingressTopic  the ingress topic name (for the decoder)
     */
    public ReferenceReplay(int partition, BoundFunction function, Deserializer<TrafficPacket> packetDecoder,
                           String ingressTopic) {
        this.partition = partition;
        this.path = new TrafficPath(REPLAY_NODE, function, packetDecoder, ingressTopic);
        this.state = PartitionState.load(partition, new MapStore<>("flows"), new MapStore<>("partition-status"),
                PartitionStatus.synchronizedFromStart(), status -> { });
        this.state.open(); // the replay is one long record handling: its flows may be read and written from now on
    }

    /** Applies the next ingress record of the partition; records must come in offset order, none skipped. */
    public ExpectedOutput apply(IngressEntry record) {
        if (record.partition() != partition) {
            throw new IllegalArgumentException("record of partition " + record.partition() + " given to the replay of "
                    + partition);
        }
        if (record.offset() <= lastOffset) {
            throw new IllegalArgumentException("ingress offset " + record.offset() + " after " + lastOffset
                    + ": the replay needs the partition in offset order");
        }
        lastOffset = record.offset();
        NodeOutput output = path.apply(state, record.offset(), record.key(), record.value(), record.timestamp()).output();
        state.flush();
        List<Emission> emissions = new ArrayList<>(output.getEmissions().size());
        for (io.understudy.records.Emission emission : output.getEmissions()) {
            emissions.add(new Emission(bytes(emission.getPayload()), emission.getDestination()));
        }
        return new ExpectedOutput(partition, record.offset(), output.getFlowId(), record.timestamp(), emissions,
                output.getDropReason());
    }

    /** The digest of the replayed state after the last record: what synchronized nodes report at that offset. */
    public long digest() {
        return state.status().digest();
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
