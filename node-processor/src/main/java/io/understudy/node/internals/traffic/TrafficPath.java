package io.understudy.node.internals.traffic;

import io.understudy.api.Emission;
import io.understudy.api.Packet;
import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.StateDigest;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.observability.DecisionLine;
import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingress record through the traffic function: read the flow's stored context, apply the
 * function, store the new context with the record's offset, advance the partition's status and
 * digest, and answer with exactly one {@link NodeOutput}, whose digest chains the state digest with
 * the output's own emissions and verdict ({@link StateDigest#ofOutput}).
 *
 * <p>Used for live records and for the replay of a backup's stash alike, so both produce the very
 * same outputs.
 *
 * <p><b>Exactly once from the endpoint.</b> An endpoint that numbers its packets (the packet's
 * {@code sequence} is 0 or more) has each number applied once: the flow keeps the highest sequence
 * applied ({@link StoredFlow#lastSequence()}, in the flow store, so in its changelog, the digest,
 * checkpoints and probes), and a packet numbered at or below it is answered with the drop verdict
 * {@value #DUPLICATE_SEQUENCE} without reaching the function, the flow left as it was. That is what
 * removes the copy an endpoint's retry leaves on ingress when the bridge died after Kafka took a
 * packet and before the endpoint heard so. The rule reads nothing but the record and the flow's
 * state, so every node (and the audit's replay) gives the same verdict. It assumes a flow's packets
 * reach ingress in the order of their numbers: a packet numbered below one already applied is
 * dropped even if it never reached ingress before. So a sender that retries keeps one packet per
 * flow in flight (as {@code understudy traffic}'s endpoints do), and one that pipelines must not
 * retry a refused packet once a later one was acknowledged. Unnumbered packets ({@code sequence}
 * -1) are applied as they always were, with no protection against an endpoint's repeats.
 *
 * <p>Ingress values arrive as raw bytes and are decoded here, so that an undecodable record is
 * answered with a drop verdict like any bad packet, identically on every node, instead of
 * stopping the node. A schema registry that does not answer is not the record's fault: that
 * failure stops the node rather than dropping a record the other nodes may decode.
 */
public final class TrafficPath {

    private static final Logger log = LoggerFactory.getLogger(TrafficPath.class);

    /**
     * What applying one record did.
     *
     * @param output      the record's one output
     * @param removedFlow the flow the record made the function forget, or null
     */
    public record Applied(NodeOutput output, String removedFlow) {
    }

    /**
     * The verdict on a numbered packet whose sequence is at or below the highest one applied to its
     * flow: the endpoint sent it again (its acknowledgement was lost), and it was applied already.
     */
    public static final String DUPLICATE_SEQUENCE = "duplicate-sequence";

    /**
     * The verdict on a packet whose sequence is below -1: neither a number (0 or more) nor "not
     * numbered" (-1). The bridge never writes one; a producer writing to ingress directly might.
     */
    public static final String MALFORMED_SEQUENCE = "malformed-sequence";

    private final String nodeId;
    private final BoundFunction function;
    private final Deserializer<TrafficPacket> packetDecoder;
    private final String ingressTopic;

    public TrafficPath(String nodeId, BoundFunction function, Deserializer<TrafficPacket> packetDecoder,
                       String ingressTopic) {
        this.nodeId = nodeId;
        this.function = function;
        this.packetDecoder = packetDecoder;
        this.ingressTopic = ingressTopic;
    }

    /** Applies the ingress record at {@code offset} of the state's partition. */
    public Applied apply(PartitionState state, long offset, String key, byte[] value, long timestamp) {
        TrafficPacket packet;
        String decodeError = null;
        try {
            packet = value == null ? null : packetDecoder.deserialize(ingressTopic, value);
            if (packet == null) {
                decodeError = "undecodable: empty record";
            }
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                // not the record's fault, and another node may decode it: dropping it here would make
                // this node's output differ from theirs, so the node stops instead (and fails over)
                throw e;
            }
            packet = null;
            decodeError = "undecodable: " + e.getMessage();
        }
        String flowId = key != null ? key : packet != null ? packet.getFlowId() : "";
        if (packet == null) {
            state.status(state.status().withLastOffset(offset));
            return new Applied(output(state, flowId, offset, timestamp, List.of(), decodeError), null);
        }
        byte[] before = state.storedFlow(flowId);
        StoredFlow previous = before == null ? null : StoredFlow.decode(before);
        long sequence = packet.getSequence();
        String sequenceVerdict = sequenceVerdict(sequence, previous);
        if (sequenceVerdict != null) {
            // the flow is left exactly as it was: the packet was applied before (or cannot be numbered)
            state.status(state.status().withLastOffset(offset));
            return new Applied(output(state, flowId, offset, timestamp, List.of(), sequenceVerdict), null);
        }
        byte[] previousState = previous == null ? null : previous.state();
        Packet input = new Packet(flowId, state.partition(), offset, timestamp, packet.getKind() == PacketKind.CONTROL,
                bytes(packet.getPayload()));
        BoundFunction.Result result = function.apply(previousState, input);
        if (result.failure() instanceof Error error) {
            // Rare and worth a look: an exception is a bug the function's tests should show, an Error
            // (a stack overflow, a missing class) may also be the node's own (its stack size, its jars).
            log.warn("{}", DecisionLine.of("function_error").with("node", nodeId).with("partition", state.partition())
                    .with("offset", offset).with("flow", flowId).with("error", error.toString())
                    .with("detail", "answered with a drop verdict; the flow's state is left as it was"));
        }

        // a numbered flow keeps its last sequence even when the function forgets it: a late retry of its
        // last packets must still be known as a repeat
        long lastSequence = sequence >= 0 ? sequence : previous == null ? -1 : previous.lastSequence();
        byte[] after = result.state() == null && lastSequence < 0 ? null
                : new StoredFlow(offset, lastSequence, result.state()).encode();
        state.writeFlow(flowId, before, after);
        state.status(state.status().withLastOffset(offset));
        NodeOutput output = output(state, flowId, offset, timestamp, result.emissions(), result.dropReason());
        return new Applied(output, before != null && after == null ? flowId : null);
    }

    /**
     * The drop verdict of a packet its sequence rules out, or null when the function is to see it: a
     * numbered packet at or below the highest sequence applied to its flow is a repeat (the
     * endpoint's retry of a packet that did reach ingress), and a sequence below -1 is no sequence.
     */
    static String sequenceVerdict(long sequence, StoredFlow previous) {
        if (sequence < -1) {
            return MALFORMED_SEQUENCE;
        }
        if (sequence >= 0 && previous != null && sequence <= previous.lastSequence()) {
            return DUPLICATE_SEQUENCE;
        }
        return null;
    }

    private NodeOutput output(PartitionState state, String flowId, long offset, long timestamp, List<Emission> emissions,
                              String dropReason) {
        List<EmissionRecord> out = new ArrayList<>(emissions.size());
        List<byte[]> payloads = new ArrayList<>(emissions.size());
        List<String> destinations = new ArrayList<>(emissions.size());
        for (Emission emission : emissions) {
            out.add(new EmissionRecord(ByteBuffer.wrap(emission.payload()), emission.destination()));
            payloads.add(emission.payload());
            destinations.add(emission.destination());
        }
        return NodeOutput.newBuilder()
                .setNodeId(nodeId)
                .setIngressPartition(state.partition())
                .setIngressOffset(offset)
                .setIngressTimestamp(timestamp)
                .setFlowId(flowId)
                .setEmissions(out)
                .setDropReason(dropReason)
                .setSyncState(state.status().syncState())
                .setSyncedFrom(state.status().syncedFrom())
                .setStateDigest(StateDigest.ofOutput(state.status().digest(), payloads, destinations, dropReason))
                .build();
    }

    /** True when decoding failed because the schema registry did not answer or failed, not because of the record. */
    static boolean registryUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry && (registry.unreachable() || registry.status() >= 500)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
