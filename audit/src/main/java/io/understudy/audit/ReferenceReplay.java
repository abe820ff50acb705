package io.understudy.audit;

import io.understudy.api.Emission;
import io.understudy.node.NodeConfig;
import io.understudy.node.NodeReplay;
import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.TrafficPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The ingress log of one partition replayed, from its first offset, through the node's own record
 * path ({@link NodeReplay}: decoding, the traffic function, the flow store) with state held in
 * memory. Because traffic functions read nothing but their inputs, what it yields for each record
 * is what every synchronized node produced for it, byte for byte.
 */
public final class ReferenceReplay {

    /** The replay's node id; it never appears on any topic. */
    public static final String REPLAY_NODE = "audit-replay";

    private final int partition;
    private final NodeReplay replay;

    /** Replays {@code partition} through the node's record path, as {@link NodeReplay} does. */
    ReferenceReplay(NodeReplay replay) {
        this.partition = replay.partition();
        this.replay = replay;
    }

    /**
     * @param config        the nodes' settings (their function and its static configuration, the topics)
     *                      with the replay's node id
     * @param partition     the ingress partition replayed
     * @param packetDecoder the ingress value decoder (the nodes' own)
     */
    public static ReferenceReplay of(NodeConfig config, int partition, Deserializer<TrafficPacket> packetDecoder) {
        return new ReferenceReplay(NodeReplay.of(config, partition, packetDecoder));
    }

    /** Applies the next ingress record of the partition; records must come in offset order, none skipped. */
    public ExpectedOutput apply(IngressEntry record) {
        if (record.partition() != partition) {
            throw new IllegalArgumentException("record of partition " + record.partition() + " given to the replay of "
                    + partition);
        }
        NodeOutput output = replay.apply(record.offset(), record.key(), record.value(), record.timestamp());
        List<Emission> emissions = new ArrayList<>(output.getEmissions().size());
        for (EmissionRecord emission : output.getEmissions()) {
            emissions.add(new Emission(bytes(emission.getPayload()), emission.getDestination()));
        }
        return new ExpectedOutput(partition, record.offset(), output.getFlowId(), record.timestamp(), emissions,
                output.getDropReason());
    }

    /** The digest of the replayed state after the last record: what synchronized nodes report at that offset. */
    public long digest() {
        return replay.digest();
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
