package io.understudy.node.processing;

import io.understudy.api.Emission;
import io.understudy.api.Packet;
import io.understudy.node.function.BoundFunction;
import io.understudy.node.heartbeat.ProgressBoard;
import io.understudy.node.state.PartitionStatus;
import io.understudy.node.state.StateDigest;
import io.understudy.node.state.StoredFlow;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the traffic function on every ingress record of one partition (one Kafka Streams task) and
 * answers each with exactly one {@link NodeOutput}.
 *
 * <p>Per record: read the flow's stored context, apply the function, store the new context with
 * the record's offset, update the partition's digest and status, forward the output. Under
 * exactly-once all of it commits atomically with the consumed offset, so a node that crashes
 * restarts consistent with its own position.
 *
 * <p>Ingress values arrive as raw bytes and are decoded here, so that an undecodable record is
 * answered with a drop verdict like any bad packet, identically on every node, instead of
 * stopping the node.
 */
public final class TrafficProcessor implements Processor<String, byte[], String, NodeOutput> {

    private static final Logger log = LoggerFactory.getLogger(TrafficProcessor.class);

    private final String nodeId;
    private final BoundFunction function;
    private final Deserializer<TrafficPacket> packetDecoder;
    private final ProgressBoard board;
    private final PartitionStatus startingStatus;

    private ProcessorContext<String, NodeOutput> context;
    private KeyValueStore<String, byte[]> flows;
    private KeyValueStore<Integer, byte[]> statuses;
    private int partition;
    private PartitionStatus status;

    /**
     * @param startingStatus the status of a partition this node has no state for yet
     */
    public TrafficProcessor(String nodeId, BoundFunction function, Deserializer<TrafficPacket> packetDecoder,
                            ProgressBoard board, PartitionStatus startingStatus) {
        this.nodeId = nodeId;
        this.function = function;
        this.packetDecoder = packetDecoder;
        this.board = board;
        this.startingStatus = startingStatus;
    }

    @Override
    public void init(ProcessorContext<String, NodeOutput> context) {
        this.context = context;
        this.flows = context.getStateStore(NodeStores.FLOWS);
        this.statuses = context.getStateStore(NodeStores.PARTITION_STATUS);
        this.partition = context.taskId().partition();
        byte[] stored = statuses.get(partition);
        this.status = stored == null ? startingStatus : PartitionStatus.decode(stored);
        board.update(partition, status);
        log.info("node {} took partition {}: {} from offset {}, last offset {}", nodeId, partition,
                status.syncState(), status.syncedFrom(), status.lastOffset());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata position = context.recordMetadata().orElseThrow();
        long offset = position.offset();
        if (offset <= status.lastOffset()) {
            // Cannot happen under exactly-once (state and position commit together); never answer twice.
            log.warn("node {} partition {}: offset {} already applied (last {}), skipped", nodeId, partition, offset,
                    status.lastOffset());
            return;
        }
        TrafficPacket packet;
        String decodeError = null;
        try {
            packet = record.value() == null ? null : packetDecoder.deserialize(position.topic(), record.value());
            if (packet == null) {
                decodeError = "undecodable: empty record";
            }
        } catch (RuntimeException e) {
            packet = null;
            decodeError = "undecodable: " + e.getMessage();
        }
        String flowId = record.key() != null ? record.key() : packet != null ? packet.getFlowId() : "";
        NodeOutput output = packet == null
                ? drop(flowId, offset, record.timestamp(), decodeError)
                : apply(flowId, packet, offset, record.timestamp());
        context.forward(new Record<>(flowId, output, record.timestamp()));
    }

    private NodeOutput apply(String flowId, TrafficPacket packet, long offset, long timestamp) {
        byte[] before = flows.get(flowId);
        byte[] previousState = before == null ? null : StoredFlow.decode(before).state();
        Packet input = new Packet(flowId, partition, offset, timestamp, packet.getKind() == PacketKind.CONTROL,
                bytes(packet.getPayload()));
        BoundFunction.Result result = function.apply(previousState, input);

        byte[] after = result.state() == null ? null : new StoredFlow(offset, result.state()).encode();
        if (after == null) {
            if (before != null) {
                flows.delete(flowId);
            }
        } else {
            flows.put(flowId, after);
        }
        advance(offset, StateDigest.update(status.digest(), flowId, before, after));
        return output(flowId, offset, timestamp, result.emissions(), result.dropReason());
    }

    private NodeOutput drop(String flowId, long offset, long timestamp, String reason) {
        advance(offset, status.digest());
        return output(flowId, offset, timestamp, List.of(), reason);
    }

    private void advance(long offset, long digest) {
        status = status.advancedTo(offset, digest);
        statuses.put(partition, status.encode());
        board.update(partition, status);
    }

    private NodeOutput output(String flowId, long offset, long timestamp, List<Emission> emissions, String dropReason) {
        List<io.understudy.records.Emission> out = new ArrayList<>(emissions.size());
        for (Emission emission : emissions) {
            out.add(new io.understudy.records.Emission(ByteBuffer.wrap(emission.payload()), emission.destination()));
        }
        return NodeOutput.newBuilder()
                .setNodeId(nodeId)
                .setIngressPartition(partition)
                .setIngressOffset(offset)
                .setIngressTimestamp(timestamp)
                .setFlowId(flowId)
                .setEmissions(out)
                .setDropReason(dropReason)
                .setSyncState(status.syncState())
                .setSyncedFrom(status.syncedFrom())
                .setStateDigest(status.digest())
                .build();
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

    @Override
    public void close() {
        board.remove(partition);
    }
}
