package io.understudy.audit;

import io.understudy.api.FunctionConfig;
import io.understudy.node.NodeReplay;
import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small partition as a healthy pipeline leaves it: ingress records (with an offset taken by a
 * transaction marker), leader {@code a} for epoch 1 then {@code b} for epoch 2 from a watermark on,
 * and the egress the selector writes for it. Tests then break the egress on purpose.
 */
final class AuditFixture {

    static final String INGRESS = "understudy.ingress";
    static final int PARTITION = 0;

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
    final List<IngressEntry> ingress = new ArrayList<>();
    final List<LeadershipEntry> leadership = new ArrayList<>();
    final List<EgressEntry> egress = new ArrayList<>();
    final Map<Long, byte[]> payloads = new java.util.HashMap<>();
    final long failoverWatermark;
    final String function;
    /** How many violations a report lists. */
    int maxListed = 1_000;

    /** {@code records} packets over three flows; leadership moves from a to b after the record at index {@code records / 2}. */
    AuditFixture(int records) {
        this(records, "passthrough");
    }

    /**
     * As {@link #AuditFixture(int)}, through {@code function} ({@code passthrough} or {@link
     * FanOutFunction#NAME}, several outputs per ingress record): egress holds each record's
     * outputs in index order, as the selector writes them.
     */
    AuditFixture(int records, String function) {
        this.function = function;
        long offset = 0;
        for (int i = 0; i < records; i++) {
            if (i == 3) {
                offset++; // a transaction marker took an offset
            }
            String flow = "flow-" + (i % 3);
            payloads.put(offset, ("packet-" + i).getBytes(StandardCharsets.UTF_8));
            ingress.add(new IngressEntry(PARTITION, offset, flow, encode(flow, "packet-" + i), 10_000 + i));
            offset++;
        }
        failoverWatermark = ingress.get(records / 2).offset();
        leadership.add(new LeadershipEntry(0, change(1, "a", null, LeaderChangeReason.INITIAL, -1)));
        leadership.add(new LeadershipEntry(1, change(2, "b", "a", LeaderChangeReason.LEADER_FAILED, failoverWatermark)));
        ReferenceReplay replay = replay();
        for (IngressEntry record : ingress) {
            boolean late = record.offset() > failoverWatermark;
            ExpectedOutput expected = replay.apply(record);
            for (int i = 0; i < expected.emissions().size(); i++) {
                appendEgress(EgressRecord.newBuilder(egressFor(record, i, late ? "b" : "a", late ? 2 : 1))
                        .setPayload(ByteBuffer.wrap(expected.emissions().get(i).payload()))
                        .setOutputCount(expected.emissions().size()).build());
            }
        }
    }

    private ReferenceReplay replay() {
        FunctionConfig none = new FunctionConfig(Map.of());
        return new ReferenceReplay(NodeReplay.of(ReferenceReplay.REPLAY_NODE, function.equals(FanOutFunction.NAME)
                ? FanOutFunction.PROVIDER.create(none) : NodeReplay.function(function, none), PARTITION,
                packets.deserializer(), INGRESS));
    }

    byte[] encode(String flow, String payload) {
        return packets.serializer().serialize(INGRESS, TrafficPacket.newBuilder().setFlowId(flow).setKind(PacketKind.DATA)
                .setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).setEndpoint("test").setSequence(-1)
                .build());
    }

    EgressRecord egressFor(IngressEntry record, int index, String node, int epoch) {
        return EgressRecord.newBuilder()
                .setFlowId(record.key())
                .setPayload(ByteBuffer.wrap(payloadOf(record)))
                .setDestination(null)
                .setIngressPartition(record.partition())
                .setIngressOffset(record.offset())
                .setIngressTimestamp(record.timestamp())
                .setOutputIndex(index)
                .setOutputCount(1)
                .setNode(node)
                .setLeaderEpoch(epoch)
                .build();
    }

    /** The payload the fixture sent in an ingress record. */
    byte[] payloadOf(IngressEntry record) {
        return payloads.get(record.offset());
    }

    static LeaderChange change(int epoch, String leader, String previous, LeaderChangeReason reason, long watermark) {
        return LeaderChange.newBuilder().setPartition(PARTITION).setEpoch(epoch).setLeader(leader)
                .setPreviousLeader(previous).setReason(reason).setDetail("").setWatermark(watermark).setDecidedAt(0)
                .build();
    }

    void appendEgress(EgressRecord record) {
        egress.add(EgressEntry.of(PARTITION, egress.size(), record));
    }

    /** Replaces the egress list, renumbering offsets as a topic would have them. */
    void setEgress(List<EgressRecord> records) {
        egress.clear();
        records.forEach(this::appendEgress);
    }

    List<EgressRecord> egressRecords() {
        return new ArrayList<>(egress.stream().map(EgressEntry::record).toList());
    }

    AuditReport audit(AuditRange range) {
        return audit(range, 0, 0, false);
    }

    AuditReport audit(AuditRange range, long ingressLogStart, long egressLogStart, boolean leadershipTruncated) {
        AuditChecker checker = new AuditChecker(range, leadership, leadershipTruncated, p -> replay(), maxListed);
        List<IngressEntry> kept = ingress.stream().filter(r -> r.offset() >= ingressLogStart).toList();
        List<EgressEntry> keptEgress = egress.stream().filter(e -> e.offset() >= egressLogStart).toList();
        long end = ingress.get(ingress.size() - 1).offset() + 1;
        return checker.check(List.of(new PartitionLogs(PARTITION, ingressLogStart, end, kept, egressLogStart, keptEgress)));
    }
}
