package io.understudy.selector.internals.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.status.StatusBoard;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a shard worker's per-record path (decode a node output, select, encode the egress record
 * and the state) on synthetic outputs, once when a selector starts, writing nothing anywhere.
 *
 * <p>Why: a standby never runs that path until it takes a shard over, and then runs it cold
 * (interpreted, then compiled) exactly while egress waits for its first commit. Measured on a
 * loaded 2-core machine, a new owner took 80-160 ms to get from its first record read to its first
 * egress write. Warmed up, the path is compiled before it is needed. Everything here is private to
 * the warm-up (its own selection, election, liveness and status board, a sink that discards): no
 * output, decision, metric or state of the selector is touched, only the codecs' schema caches.
 */
public final class RecordPathWarmUp {

    private static final Logger log = LoggerFactory.getLogger(RecordPathWarmUp.class);
    private static final String NODE = "warm-up";

    private RecordPathWarmUp() {
    }

    /**
     * @param records how many synthetic outputs to run through (a few thousand compile the path)
     * @return the records run through, or -1 when the warm-up could not run (logged; harmless)
     */
    public static long run(SelectorCodecs codecs, TopicNames topics, SelectionPolicy policy, int records) {
        long[] discarded = new long[1];
        SelectionSink sink = new SelectionSink() {
            @Override
            public void egress(EgressRecord record) {
                discarded[0] += codecs.egress().serialize(topics.egress(), record).length;
            }

            @Override
            public void leaderChange(LeaderChange change) {
                discarded[0] += codecs.leadership().serialize(topics.leadership(), change).length;
            }

            @Override
            public void resync(SyncMessage order) {
                discarded[0] += codecs.sync().serialize(topics.syncOrders(), order).length;
            }

            @Override
            public void deadLetter(NodeOutput verdict) {
                discarded[0] += codecs.deadLetters().serialize(topics.deadLetter(), verdict).length;
            }
        };
        log.info("warming up the record path on {} synthetic outputs of node '{}' (nothing is written)", records, NODE);
        try {
            SelectorState start = SelectorState.newBuilder().setPartition(0).setLeader(NODE).setEpoch(1).setWatermark(-1)
                    .setStaticFingerprint("").setAlarm(false).setIneligible(List.of()).setResumePositions(Map.of())
                    .setCommandsPosition(0).setWrittenBy(NODE).build();
            PartitionSelection selection = new PartitionSelection(0, start, policy,
                    new BackupElection(policy, new LivenessView()), new StatusBoard(new SimpleMeterRegistry()), sink,
                    () -> 0L);
            ByteBuffer payload = ByteBuffer.wrap(new byte[100]);
            for (int i = 0; i < records; i++) {
                NodeOutput output = NodeOutput.newBuilder().setNodeId(NODE).setIngressPartition(0).setIngressOffset(i)
                        .setIngressTimestamp(i).setFlowId("flow-" + (i % 100))
                        .setEmissions(List.of(new EmissionRecord(payload.duplicate(), null))).setDropReason(null)
                        .setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(i).build();
                byte[] framed = codecs.deadLetters().serialize(topics.deadLetter(), output); // NodeOutput's writer
                selection.onOutput(codecs.outputs().deserialize(topics.nodeOutput(NODE), framed), i, 0);
                if (i % 100 == 99 && selection.dirty()) {
                    discarded[0] += codecs.state().serialize(topics.selectorState(), selection.snapshot(NODE)).length;
                }
            }
            log.debug("record path warmed up with {} synthetic outputs ({} bytes encoded and discarded)", records,
                    discarded[0]);
            return records;
        } catch (RuntimeException e) {
            log.info("record path warm-up skipped (a takeover will run it cold): {}", e.toString());
            return -1;
        }
    }
}
