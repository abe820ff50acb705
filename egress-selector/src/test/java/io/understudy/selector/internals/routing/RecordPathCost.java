package io.understudy.selector.internals.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.status.StatusBoard;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the CPU one ingress record costs a shard worker's own per-record path, without Kafka:
 * the leader's and the backup's outputs for each offset decoded from their wire format, selected
 * (the leader's emitted, the backup's compared, kept first when it runs ahead), the egress record
 * encoded, the state encoded every {@code perCommit} records. Not a test: run by hand, in a JVM of
 * its own, with {@code java -cp <test and main classes, dependencies>
 * io.understudy.selector.internals.routing.RecordPathCost [seconds] [backup ahead every n-th offset]}.
 * Prints the thread's CPU per ingress record for each round, so that a change to the record path
 * can be compared A/B on a machine whose load would drown it in an end-to-end benchmark.
 */
public final class RecordPathCost {

    private static final int CHUNK = 20_000;

    private RecordPathCost() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int backupAheadEvery = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perCommit = 100;
        TopicNames topics = TopicNames.defaults();
        SelectorCodecs codecs = SelectorCodecs.of(new InMemorySchemaRegistry());
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 5_000, 1, 1_000_000);
        long[] written = new long[1];
        SelectionSink sink = new SelectionSink() {
            @Override
            public void egress(EgressRecord record) {
                written[0] += codecs.egress().serialize(topics.egress(), record).length;
            }

            @Override
            public void leaderChange(LeaderChange change) {
                throw new AssertionError("no decision expected: " + change);
            }

            @Override
            public void resync(SyncMessage order) {
                throw new AssertionError("no resync expected: " + order);
            }

            @Override
            public void deadLetter(NodeOutput verdict) {
                throw new AssertionError("no dead letter expected");
            }
        };
        SelectorState start = SelectorState.newBuilder().setPartition(0).setLeader("a").setEpoch(1).setWatermark(-1)
                .setStaticFingerprint("").setAlarm(false).setIneligible(List.of()).setResumePositions(Map.of())
                .setCommandsPosition(0).setWrittenBy("cost").setEpochStart(0).setDigestsFrom(-1).build();
        StatusBoard board = new StatusBoard(new SimpleMeterRegistry());
        PartitionSelection selection = new PartitionSelection(0, start, policy,
                new BackupElection(policy, new LivenessView()), board, sink, System::currentTimeMillis);
        String topicA = topics.nodeOutput("a");
        String topicB = topics.nodeOutput("b");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long offset = 0;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int round = 0;
        while (System.nanoTime() < deadline) {
            byte[][] a = new byte[CHUNK][];
            byte[][] b = new byte[CHUNK][];
            for (int i = 0; i < CHUNK; i++) {
                a[i] = codecs.deadLetters().serialize(topicA, output("a", offset + i));
                b[i] = codecs.deadLetters().serialize(topicB, output("b", offset + i));
            }
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CHUNK; i++) {
                long at = offset + i;
                if (i % backupAheadEvery == 0 && i + 1 < CHUNK) { // the backup's next output before the leader's: kept
                    selection.onOutput(codecs.outputs().deserialize(topicA, a[i]), at, 0);
                    selection.onOutput(codecs.outputs().deserialize(topicB, b[i]), at, 0);
                    selection.onOutput(codecs.outputs().deserialize(topicB, b[i + 1]), at + 1, 0);
                    selection.onOutput(codecs.outputs().deserialize(topicA, a[i + 1]), at + 1, 0);
                    i++;
                } else {
                    selection.onOutput(codecs.outputs().deserialize(topicA, a[i]), at, 0);
                    selection.onOutput(codecs.outputs().deserialize(topicB, b[i]), at, 0);
                }
                if (i % perCommit >= perCommit - 2 && selection.dirty()) {
                    written[0] += codecs.state().serialize(topics.selectorState(), selection.snapshot("cost")).length;
                }
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            offset += CHUNK;
            System.out.printf("round %d: %.3f us CPU per ingress record (%d records)%n", ++round,
                    cpu / 1_000.0 / CHUNK, CHUNK);
        }
        if (selection.leadership().watermark() != offset - 1) {
            throw new AssertionError("watermark " + selection.leadership().watermark() + ", expected " + (offset - 1));
        }
        System.out.printf("done: %d ingress records, watermark %d, %d bytes encoded%n", offset,
                selection.leadership().watermark(), written[0]);
    }

    private static NodeOutput output(String node, long offset) {
        byte[] payload = new byte[100];
        payload[0] = (byte) offset;
        return NodeOutput.newBuilder().setNodeId(node).setIngressPartition(0).setIngressOffset(offset)
                .setIngressTimestamp(1_765_000_000_000L + offset).setFlowId("flow-" + (offset % 100))
                .setEmissions(List.of(new EmissionRecord(ByteBuffer.wrap(payload), null))).setDropReason(null)
                .setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(offset * 31L).build();
    }
}
