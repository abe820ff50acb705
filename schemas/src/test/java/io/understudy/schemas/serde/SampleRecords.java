package io.understudy.schemas.serde;

import io.understudy.records.Checkpoint;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.FlowContext;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorHeartbeat;
import io.understudy.records.SelectorState;
import io.understudy.records.IneligibleNode;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.topics.TopicContract;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in record of every top-level type, every optional field set, for round trips. */
final class SampleRecords {

    private SampleRecords() {
    }

    static TrafficPacket trafficPacket(String flowId, long sequence) {
        return TrafficPacket.newBuilder()
                .setFlowId(flowId)
                .setKind(PacketKind.DATA)
                .setPayload(bytes("payload-" + flowId + "-" + sequence))
                .setEndpoint("tcp://127.0.0.1:40123")
                .setSequence(sequence)
                .build();
    }

    static StaticInfo staticInfo() {
        return StaticInfo.newBuilder()
                .setFunctionName("passthrough")
                .setFunctionVersion("1")
                .setConfigHash("ab".repeat(32))
                .setPartitionCount(3)
                .setSchemaFingerprints(Map.of("io.understudy.records.TrafficPacket", "0123456789abcdef"))
                .build();
    }

    static NodeOutput nodeOutput() {
        return NodeOutput.newBuilder()
                .setNodeId("node-a")
                .setIngressPartition(2)
                .setIngressOffset(41)
                .setIngressTimestamp(1_700_000_000_000L)
                .setFlowId("flow-1")
                .setEmissions(List.of(
                        EmissionRecord.newBuilder().setPayload(bytes("out-0")).setDestination("eth1").build(),
                        EmissionRecord.newBuilder().setPayload(bytes("out-1")).setDestination(null).build()))
                .setDropReason(null)
                .setSyncState(SyncState.SYNCHRONIZED)
                .setSyncedFrom(0)
                .setStateDigest(-7_345_987_123L)
                .build();
    }

    static Heartbeat heartbeat() {
        return Heartbeat.newBuilder()
                .setNodeId("node-a")
                .setIncarnation("4f1c")
                .setSentAt(1_700_000_000_100L)
                .setStaticInfo(staticInfo())
                .setPartitions(List.of(PartitionProgress.newBuilder()
                        .setPartition(0).setLastOffset(99).setSyncState(SyncState.RECEIVING)
                        .setSyncedFrom(-1).setDetail("checkpoint round 1").build()))
                .build();
    }

    static SyncMessage syncMessage() {
        return SyncMessage.newBuilder()
                .setPartition(1)
                .setSender("node-a")
                .setRecipient("node-b")
                .setBody(Checkpoint.newBuilder()
                        .setCheckpointId("cp-1")
                        .setRound(0)
                        .setPosition(120)
                        .setChunkIndex(0)
                        .setChunkCount(1)
                        .setStaticInfo(staticInfo())
                        .setContexts(List.of(FlowContext.newBuilder()
                                .setFlowId("flow-1").setLastOffset(118).setState(bytes("ctx")).build()))
                        .setRemovedFlows(List.of("flow-0"))
                        .setPartitionDigest(42)
                        .build())
                .build();
    }

    static LeaderChange leaderChange() {
        return LeaderChange.newBuilder()
                .setPartition(0)
                .setEpoch(2)
                .setLeader("node-b")
                .setPreviousLeader("node-a")
                .setReason(LeaderChangeReason.LEADER_FAILED)
                .setDetail("no heartbeat for 312 ms")
                .setWatermark(1234)
                .setDecidedAt(1_700_000_001_000L)
                .build();
    }

    static EgressRecord egressRecord() {
        return EgressRecord.newBuilder()
                .setFlowId("flow-1")
                .setPayload(bytes("out-0"))
                .setDestination("eth1")
                .setIngressPartition(2)
                .setIngressOffset(41)
                .setIngressTimestamp(1_700_000_000_000L)
                .setOutputIndex(0)
                .setOutputCount(2)
                .setNode("node-a")
                .setLeaderEpoch(1)
                .build();
    }

    static SelectorCommand selectorCommand() {
        return SelectorCommand.newBuilder()
                .setKind(SelectorCommandKind.SWITCHOVER)
                .setPartition(0)
                .setTargetNode("node-b")
                .setRequestedBy("ops@host")
                .setRequestedAt(1_700_000_002_000L)
                .build();
    }

    static SelectorHeartbeat selectorHeartbeat() {
        return SelectorHeartbeat.newBuilder().setInstanceId("s1").setIncarnation("i-1").setSentAt(1_700_000_003_000L)
                .setShardCount(2).setOwned(java.util.List.of(0)).build();
    }

    static SelectorState selectorState() {
        return SelectorState.newBuilder().setPartition(0).setLeader("node-b").setEpoch(2).setWatermark(1234)
                .setStaticFingerprint("passthrough/1/cfg/3/{}").setAlarm(false)
                .setIneligible(java.util.List.of(new IneligibleNode("node-c", "digest mismatch", 1200L)))
                .setResumePositions(java.util.Map.of("node-a", 1300L, "node-b", 1250L)).setCommandsPosition(3L)
                .setWrittenBy("s1").build();
    }

    /** The sample record of the value type of the topic. */
    static SpecificRecord forTopic(TopicContract topic) {
        return switch (topic) {
            case INGRESS -> trafficPacket("flow-1", 7);
            case NODE_OUTPUT -> nodeOutput();
            case HEARTBEATS -> heartbeat();
            case NODE_SYNC, SYNC -> syncMessage();
            case LEADERSHIP -> leaderChange();
            case EGRESS -> egressRecord();
            case SELECTOR_COMMANDS -> selectorCommand();
            case DEAD_LETTER -> nodeOutput();
            case SELECTOR_HEARTBEATS -> selectorHeartbeat();
            case SELECTOR_STATE -> selectorState();
        };
    }

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
