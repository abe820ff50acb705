package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.node.testing.ClosingSessions;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.Checkpoint;
import io.understudy.records.CheckpointAck;
import io.understudy.records.FlowContext;
import io.understudy.records.NodeOutput;
import io.understudy.records.PartitionProgress;
import io.understudy.records.Resync;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncProbe;
import io.understudy.records.SyncRequest;
import io.understudy.records.SyncState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * The synchronization protocol between two nodes under TopologyTestDriver, every message carried
 * by hand from one to the other, so that the exact sequence of each synchronization is asserted.
 */
class SyncProtocolTest {

    private static final int FLOWS = 120;

    private final Map<Integer, String> leaders = new ConcurrentHashMap<>();
    private final LeaderLookup lookup = partition -> Optional.ofNullable(leaders.get(partition));

    // ---- the whole protocol -------------------------------------------------------------------

    @Test
    void aLateBackupIsSynchronizedByRequestCheckpointsAcknowledgementsAndDeclaration() {
        leaders.put(0, "a");
        SyncSettings smallChunks = NodeHarness.syncDefaults(true).withCheckpointChunkBytes(1_024);
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), smallChunks, -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 300,
                     lookup)) {
            traffic(0, 300, a, b); // before b joined: its consumer starts at 300
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertTrue(b.drainSync().isEmpty(), "nothing before the first record b must stash");

            traffic(300, 320, a, b);
            List<SyncMessage> request = b.drainSync();
            assertEquals(1, request.size(), "one request: " + request);
            SyncRequest asked = assertInstanceOf(SyncRequest.class, request.get(0).getBody());
            assertNull(request.get(0).getRecipient(), "addressed to whoever leads");
            assertEquals(300, asked.getStashFrom());
            long digestAt319 = a.status().digest();

            a.deliver(request);
            List<SyncMessage> checkpoints = a.drainSync();
            assertTrue(checkpoints.size() >= 3, "1 KiB chunks of 120 contexts: " + checkpoints.size());
            String checkpointId = null;
            int contexts = 0;
            for (int i = 0; i < checkpoints.size(); i++) {
                SyncMessage message = checkpoints.get(i);
                assertEquals("b", message.getRecipient());
                Checkpoint chunk = assertInstanceOf(Checkpoint.class, message.getBody());
                checkpointId = checkpointId == null ? chunk.getCheckpointId() : checkpointId;
                assertEquals(checkpointId, chunk.getCheckpointId());
                assertEquals(0, chunk.getRound());
                assertEquals(319, chunk.getPosition());
                assertEquals(i, chunk.getChunkIndex());
                assertEquals(checkpoints.size(), chunk.getChunkCount());
                assertEquals(digestAt319, chunk.getPartitionDigest());
                assertEquals(0, chunk.getRemovedFlows().size());
                contexts += chunk.getContexts().size();
            }
            assertEquals(FLOWS, contexts, "every outstanding session context");

            b.deliver(checkpoints);
            assertEquals(SyncState.RECEIVING, b.status().syncState());
            assertEquals(319, b.status().lastOffset());
            List<SyncMessage> acks = b.drainSync();
            assertEquals(checkpoints.size(), acks.size(), "one acknowledgement per checkpoint message");
            for (int i = 0; i < acks.size(); i++) {
                assertEquals("a", acks.get(i).getRecipient());
                CheckpointAck ack = assertInstanceOf(CheckpointAck.class, acks.get(i).getBody());
                assertEquals(checkpointId, ack.getCheckpointId());
                assertEquals(0, ack.getRound());
                assertEquals(i, ack.getChunkIndex());
                assertTrue(ack.getAccepted());
                assertEquals(300, ack.getStashFrom());
                assertEquals(319, ack.getStashTo());
            }

            traffic(320, 340, a, b); // while the acknowledgements travel: a processes, b stashes
            a.deliver(acks);
            List<SyncMessage> declaration = a.drainSync();
            assertEquals(1, declaration.size());
            SyncDeclaration declared = assertInstanceOf(SyncDeclaration.class, declaration.get(0).getBody());
            assertEquals("b", declaration.get(0).getRecipient());
            assertEquals(checkpointId, declared.getCheckpointId());
            assertEquals(320, declared.getValidFrom());
            assertEquals(digestAt319, declared.getPartitionDigest());

            assertTrue(b.drainOutputs().isEmpty(), "an unsynced node emits nothing");
            b.deliver(declaration);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(320, b.status().syncedFrom());
            assertEquals(339, b.status().lastOffset());
            assertEquals(SyncProgress.startingAt(-1, -1, ""), storedProgress(b), "nothing stashed, nothing being received");
            assertEquals(0, b.driver.getKeyValueStore(NodeStores.STASH).approximateNumEntries());
            List<NodeOutput> replayed = b.drainOutputs();
            assertEquals(20, replayed.size(), "the stash from validFrom, replayed");
            assertSameOutputs(from(a.drainOutputs(), 320), replayed);
            assertTrue(replayed.stream().allMatch(o -> o.getSyncState() == SyncState.SYNCHRONIZED && o.getSyncedFrom() == 320));

            traffic(340, 400, a, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
            assertSameFlows(a, b);
            assertEquals(1, b.counters.synchronizations.get());
            assertEquals(1, a.counters.declarationsSent.get());
            assertEquals(0, a.counters.recheckpointRounds.get());
            assertTrue(b.drainSync().isEmpty() && a.drainSync().isEmpty(), "nothing more to say");
        }
    }

    @Test
    void anAcknowledgementThatRevealsUnseenChangesLeadsToANewCheckpointOfTheFlowsChangedSinceThenTheDeclaration() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", ClosingSessions.NAME, FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", ClosingSessions.NAME, FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     300, lookup)) {
            traffic(0, 250, a, b);
            traffic(250, 360, b); // b reads ahead: it stashes from 300 while the leader is still at 249
            List<SyncMessage> request = b.drainSync();
            assertEquals(300, ((SyncRequest) request.get(0).getBody()).getStashFrom());

            a.deliver(request);
            List<SyncMessage> round0 = a.drainSync();
            assertEquals(1, round0.size());
            Checkpoint first = (Checkpoint) round0.get(0).getBody();
            assertEquals(249, first.getPosition());
            assertEquals(FLOWS, first.getContexts().size());
            b.deliver(round0);
            List<SyncMessage> acks0 = b.drainSync();
            assertEquals(300, ((CheckpointAck) acks0.get(0).getBody()).getStashFrom(),
                    "the stash starts after offset 250: changes at 250..299 are unseen by b");
            a.deliver(acks0);
            assertTrue(a.drainSync().isEmpty(), "no declaration: b has not seen the changes after 249");

            // the leader moves on: flows change, two that b has close, one opens and closes
            List<Integer> changedSince249 = new ArrayList<>();
            for (int i = 250; i < 300; i++) {
                String flow = i == 260 ? "flow-10" : i == 270 ? "flow-20" : i < 280 || i > 290 ? flowOf(i) : "flow-temp";
                String payload = i == 260 || i == 270 || i == 290 ? ClosingSessions.CLOSE : "p" + i;
                a.send(flow, payload, 1_000 + i);
                if (i < 299) {
                    assertTrue(a.drainSync().isEmpty(), "no round while the leader is still before b's stash (" + i + ")");
                }
                if (!payload.equals(ClosingSessions.CLOSE) && !flow.equals("flow-temp")) {
                    changedSince249.add(i % FLOWS);
                }
            }
            b.drainOutputs();
            List<SyncMessage> round1 = a.drainSync();
            assertEquals(1, round1.size(), "a new checkpoint message once the leader reached b's stash");
            Checkpoint second = (Checkpoint) round1.get(0).getBody();
            assertEquals(first.getCheckpointId(), second.getCheckpointId());
            assertEquals(1, second.getRound());
            assertEquals(299, second.getPosition());
            assertEquals(List.of("flow-10", "flow-20", "flow-temp"), second.getRemovedFlows());
            List<String> expected = changedSince249.stream().distinct().sorted().map(i -> "flow-" + i)
                    .filter(f -> !f.equals("flow-10") && !f.equals("flow-20")).sorted().toList();
            assertEquals(expected, second.getContexts().stream().map(FlowContext::getFlowId).sorted().toList(),
                    "exactly the flows changed since the first round");

            b.deliver(round1);
            List<SyncMessage> acks1 = b.drainSync();
            assertEquals(1, ((CheckpointAck) acks1.get(0).getBody()).getRound());
            traffic(300, 330, a); // the leader keeps going meanwhile
            a.deliver(acks1);
            List<SyncMessage> declaration = a.drainSync();
            assertEquals(1, declaration.size());
            assertEquals(300, ((SyncDeclaration) declaration.get(0).getBody()).getValidFrom());
            b.deliver(declaration);

            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(300, b.status().syncedFrom());
            traffic(330, 360, a);
            assertSameOutputs(from(a.drainOutputs(), 300), b.drainOutputs());
            traffic(360, 420, a, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
            assertSameFlows(a, b);
            assertEquals(1, a.counters.recheckpointRounds.get());
            assertEquals(2, a.counters.checkpointChunksSent.get());
        }
    }

    @Test
    void aLeaderFarBehindTheBackupsStashKeepsTheSessionAliveWithIntermediateRounds() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     300, lookup)) {
            traffic(0, 100, a, b);
            traffic(100, 320, b);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync());
            a.deliver(b.drainSync());
            traffic(100, 150, a);
            assertTrue(a.drainSync().isEmpty(), "still far from b's stash: wait");
            a.advance(Duration.ofSeconds(15));
            List<SyncMessage> keepAlive = a.drainSync();
            assertEquals(1, keepAlive.size(), "half a session timeout later, a round all the same");
            Checkpoint round1 = (Checkpoint) keepAlive.get(0).getBody();
            assertEquals(1, round1.getRound());
            assertEquals(149, round1.getPosition());
            b.advance(Duration.ofSeconds(15));
            b.deliver(keepAlive);
            b.advance(Duration.ofSeconds(20)); // 35 s since round 0, 20 s since round 1: b keeps waiting
            assertEquals(SyncState.RECEIVING, b.status().syncState());
            a.deliver(b.drainSync());
            traffic(150, 320, a);
            List<SyncMessage> round2 = a.drainSync();
            assertEquals(299, ((Checkpoint) round2.get(0).getBody()).getPosition());
            b.deliver(round2);
            a.deliver(b.drainSync());
            assertEquals(300, ((SyncDeclaration) a.drainSync().get(0).getBody()).getValidFrom());
        }
    }

    @Test
    void aBackupWithADifferentConfigurationRefusesWithAReasonAndStaysIneligible() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", ClosingSessions.NAME, salt("one"));
             NodeHarness b = new NodeHarness("b", ClosingSessions.NAME, salt("two"), NodeHarness.syncDefaults(false), 50,
                     lookup)) {
            traffic(0, 70, a, b);
            a.deliver(b.drainSync());
            List<SyncMessage> checkpoint = a.drainSync();
            assertEquals(1, checkpoint.size());
            b.deliver(checkpoint);
            List<SyncMessage> refusal = b.drainSync();
            assertEquals(1, refusal.size());
            CheckpointAck ack = (CheckpointAck) refusal.get(0).getBody();
            assertFalse(ack.getAccepted());
            assertTrue(ack.getRefusal().startsWith("static information differs from leader a's: configuration hash differs"),
                    ack.getRefusal());
            assertEquals(SyncState.REFUSED, b.status().syncState());
            assertEquals(ack.getRefusal(), b.status().detail());
            PartitionProgress heartbeat = b.board.snapshot().get(0);
            assertEquals(SyncState.REFUSED, heartbeat.getSyncState());
            assertEquals(ack.getRefusal(), heartbeat.getDetail());
            assertEquals(-1, heartbeat.getSyncedFrom());

            a.deliver(refusal);
            assertTrue(a.drainSync().isEmpty(), "no declaration for a node that refused");
            traffic(70, 120, a, b);
            assertEquals(0, b.driver.getKeyValueStore(NodeStores.STASH).approximateNumEntries(), "a refused node stashes nothing");
            assertEquals(SyncProgress.startingAt(-1, 69, ""), storedProgress(b));
            b.advance(Duration.ofSeconds(5));
            assertTrue(b.drainSync().isEmpty(), "a refused node asks nothing more");
            assertTrue(b.drainOutputs().isEmpty(), "and emits nothing");
            assertEquals(SyncState.REFUSED, b.status().syncState());
            assertEquals(1, b.counters.refusals.get());
        }
    }

    // ---- maintenance --------------------------------------------------------------------------

    @Test
    void aProbeFindsAndRepairsFlowsThatDifferOnceTheBackupReachesItsPosition() {
        leaders.put(0, "a");
        SyncSettings probes = NodeHarness.syncDefaults(true).withProbes(Duration.ofSeconds(5), 1 << 20, 1_000);
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), probes, -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), probes, -1, lookup)) {
            traffic(0, 90, a, b);
            traffic(90, 100, a);
            byte[] good = b.flows().get("flow-7");
            StoredFlow flow = StoredFlow.decode(good);
            byte[] bad = new StoredFlow(flow.lastOffset(), new byte[] {9, 9, 9}).encode();
            b.flows().put("flow-7", bad); // behind the digest's back, like silent corruption
            b.flows().put("ghost", new StoredFlow(5, new byte[] {1}).encode());
            b.flows().delete("flow-8");

            b.advance(Duration.ofSeconds(5));
            assertTrue(b.drainSync().isEmpty(), "a node that does not lead sends no probe");
            a.advance(Duration.ofSeconds(5));
            List<SyncMessage> probe = a.drainSync();
            assertEquals(1, probe.size());
            SyncProbe sent = (SyncProbe) probe.get(0).getBody();
            assertNull(probe.get(0).getRecipient());
            assertEquals(99, sent.getPosition());
            assertEquals(1, sent.getSliceCount());
            assertEquals(FLOWS - 20, sent.getContexts().size()); // flows 0..99 exist
            b.deliver(probe);
            assertEquals(0, b.counters.probesVerified.get(), "held until b reaches offset 99");
            assertArrayEquals(bad, b.flows().get("flow-7"));

            traffic(90, 99, b);
            assertEquals(0, b.counters.probesVerified.get(), "b at 98 is still behind the probe");
            traffic(99, 100, b);
            assertEquals(1, b.counters.probesVerified.get());
            assertEquals(3, b.counters.flowsRepaired.get(), "flow-7 repaired, flow-8 restored, ghost removed");
            assertArrayEquals(a.flows().get("flow-7"), b.flows().get("flow-7"));
            assertArrayEquals(a.flows().get("flow-8"), b.flows().get("flow-8"), "b is at the probe's position: flow-8 is missing");
            assertNull(b.flows().get("ghost"));
            assertEquals(a.status().digest(), b.status().digest());
            a.drainOutputs();
            b.drainOutputs();
            traffic(100, 200, a, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());

            a.advance(Duration.ofSeconds(5));
            b.deliver(a.drainSync());
            assertEquals(2, b.counters.probesVerified.get());
            assertEquals(3, b.counters.flowsRepaired.get(), "nothing differs any more");
            a.advance(Duration.ofSeconds(5));
            assertTrue(a.drainSync().isEmpty(), "no probe while no ingress arrives");
        }
    }

    @Test
    void aProbeComparesTheFlowsUpToItsPositionAndRestoresAMissingFlowOnlyAtExactlyThatPosition() {
        leaders.put(0, "a");
        SyncSettings probes = NodeHarness.syncDefaults(true).withProbes(Duration.ofSeconds(5), 1 << 20, 1_000);
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), probes, -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), probes, -1, lookup)) {
            traffic(0, 100, a, b);
            // behind the digest's back, at the probe's position 99 itself: a flow last changed at 99 differs, a
            // ghost last changed at 99, a flow missing
            b.flows().put("flow-99", new StoredFlow(99, new byte[] {9}).encode());
            b.flows().put("ghost", new StoredFlow(99, new byte[] {1}).encode());
            b.flows().delete("flow-8");
            a.advance(Duration.ofSeconds(5));
            b.deliver(a.drainSync()); // b is at 99 already: verified at once
            assertEquals(1, b.counters.probesVerified.get());
            assertEquals(3, b.counters.flowsRepaired.get());
            assertSameFlows(a, b);

            traffic(100, 150, a);
            a.advance(Duration.ofSeconds(5));
            List<SyncMessage> probe = a.drainSync();
            assertEquals(149, ((SyncProbe) probe.get(0).getBody()).getPosition());
            traffic(100, 160, b); // b is past the probe's position when it arrives
            b.flows().delete("flow-8"); // as far as b can tell, removed after 149
            long digest = b.status().digest();
            b.deliver(probe);
            assertEquals(2, b.counters.probesVerified.get());
            assertEquals(3, b.counters.flowsRepaired.get(), "flows changed after 149 are not compared, a missing one not restored");
            assertNull(b.flows().get("flow-8"));
            assertEquals(digest, b.status().digest(), "nothing repaired: the digest is left as it was");
        }
    }

    @Test
    void theTestCorruptionHookStrikesOnceAndOnlyOnANodeTheProtocolSynchronized() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withCorruptFlowForTest("flow-5"), -1, lookup);
             NodeHarness c = primary("c", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(),
                     NodeHarness.syncDefaults(false).withCorruptFlowForTest("flow-5"), 0, lookup)) {
            traffic(0, 130, a, b, c);
            exchange(a, b);
            traffic(130, 300, a, b, c); // the hook strikes on b after 130
            assertSameFlows(a, c); // a was never synchronized by the protocol: its hook never strikes
            assertNotEquals(flows(a).get("flow-5"), flows(b).get("flow-5"));

            b.deliver(List.of(SyncMessage.newBuilder().setPartition(0).setSender("egress-selector").setRecipient("b")
                    .setBody(new Resync("digest mismatch with leader a at offset 245", 245L)).build()));
            traffic(300, 320, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            traffic(320, 490, a, b); // flow-5 at 365 and 485; 5 records since the last one
            assertSameFlows(a, b);
        }
    }

    @Test
    void aBackupThatHasStashedNothingYetAcknowledgesWithNoStashEnd() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 300,
                     lookup)) {
            traffic(0, 300, a, b); // all of it before b's consumer start
            b.advance(Duration.ofSeconds(1));
            List<SyncMessage> request = b.drainSync();
            assertEquals(300, ((SyncRequest) request.get(0).getBody()).getStashFrom());
            a.deliver(request);
            b.deliver(a.drainSync());
            CheckpointAck ack = (CheckpointAck) b.drainSync().get(0).getBody();
            assertEquals(300, ack.getStashFrom());
            assertEquals(-1, ack.getStashTo(), "no last stashed record");
        }
    }

    @Test
    void aRequestRepeatedOnceTheSessionTimedOutStartsTheSynchronizationAfresh() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 10, a, b);
            List<SyncMessage> request = b.drainSync();
            a.deliver(request);
            String first = ((Checkpoint) a.drainSync().get(0).getBody()).getCheckpointId();
            a.advance(Duration.ofMillis(29_999));
            a.deliver(request);
            assertTrue(a.drainSync().isEmpty(), "within the session timeout the checkpoint may still be on its way");
            a.advance(Duration.ofMillis(1));
            a.deliver(request);
            List<SyncMessage> again = a.drainSync();
            assertEquals(1, again.size());
            assertNotEquals(first, ((Checkpoint) again.get(0).getBody()).getCheckpointId());
        }
    }

    @Test
    void aLeaderThatHasNotMovedSinceItsRoundSendsNoOtherHoweverLongTheBackupWaits() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     300, lookup)) {
            traffic(0, 100, a, b);
            traffic(100, 320, b);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync());
            a.advance(Duration.ofSeconds(20));
            a.deliver(b.drainSync()); // the acknowledgements, 20 s after the round: a is still at its position, 99
            a.advance(Duration.ofSeconds(5));
            assertTrue(a.drainSync().isEmpty(), "a round at the same position would tell b nothing new");
            traffic(100, 101, a);
            List<SyncMessage> keepAlive = a.drainSync();
            assertEquals(1, keepAlive.size(), "once it moves, at once: half the session timeout has passed");
            assertEquals(100, ((Checkpoint) keepAlive.get(0).getBody()).getPosition());
        }
    }

    @Test
    void probesRotateOverSlicesSmallEnoughForTheirByteBound() {
        leaders.put(0, "a");
        SyncSettings probes = NodeHarness.syncDefaults(true).withProbes(Duration.ofSeconds(5), 1_024, 0.5);
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), probes, -1, lookup)) {
            traffic(0, 240, a);
            Map<String, Integer> seen = new TreeMap<>();
            int slices = 8;
            for (int i = 0; i < slices; i++) {
                a.advance(Duration.ofSeconds(5));
                List<SyncMessage> sent = a.drainSync();
                assertEquals(1, sent.size(), "probe " + i);
                SyncProbe probe = (SyncProbe) sent.get(0).getBody();
                assertEquals(slices, probe.getSliceCount(), "120 contexts of ~40 bytes in slices of at most 1 KiB");
                assertEquals(i, probe.getSliceIndex());
                int bytes = probe.getContexts().stream().mapToInt(ContextChunks::sizeOf).sum();
                assertTrue(bytes <= 2 * 1_024, "slice " + i + " carries " + bytes + " bytes");
                probe.getContexts().forEach(c -> seen.merge(c.getFlowId(), 1, Integer::sum));
                a.advance(Duration.ofSeconds(5));
                assertTrue(a.drainSync().isEmpty(), "no probe before the ingress pays for it");
                traffic(0, 60, a); // ~2 KiB of ingress: half of it pays for the next slice (~600 bytes)
            }
            assertEquals(FLOWS, seen.size(), "a rotation covers every flow");
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "each exactly once");
        }
    }

    @Test
    void aResyncOrderMakesTheBackupDropItsStateAndComeBackSynchronized() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 50, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            long firstSync = b.status().syncedFrom();
            traffic(50, 100, a, b);

            b.deliver(List.of(SyncMessage.newBuilder().setPartition(0).setSender("egress-selector").setRecipient("b")
                    .setBody(new Resync("digest mismatch with leader a at offset 99", 99L)).build()));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("resync ordered by egress-selector: digest mismatch with leader a at offset 99; stash complete from"
                    + " offset 100", b.status().detail(), "complete from the first offset b has not seen");
            assertEquals(SyncProgress.startingAt(100, 99, ""), storedProgress(b));
            assertEquals(0, b.flows().approximateNumEntries());
            assertEquals(1, b.counters.resyncOrders.get());

            b.drainOutputs();
            traffic(100, 120, a, b);
            assertTrue(b.drainOutputs().isEmpty());
            List<SyncMessage> request = b.drainSync();
            assertEquals(100, ((SyncRequest) request.get(0).getBody()).getStashFrom(), "complete from the next record");
            a.deliver(request);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertTrue(b.status().syncedFrom() > 99 && b.status().syncedFrom() > firstSync);
            a.drainOutputs();
            traffic(120, 150, a, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
            assertSameFlows(a, b);
        }
    }

    @Test
    void aBackupResyncedRightAfterTheFirstRecordOfThePartitionStashesFromTheNextOne() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 1, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(0, b.status().lastOffset());
            b.deliver(List.of(SyncMessage.newBuilder().setPartition(0).setSender("egress-selector").setRecipient("b")
                    .setBody(new Resync("digest mismatch with leader a at offset 0", 0L)).build()));
            assertEquals("resync ordered by egress-selector: digest mismatch with leader a at offset 0; stash complete from"
                    + " offset 1", b.status().detail());
        }
    }

    @Test
    void theTestHoldKeepsAResyncOrderUnobeyedUntilItHasPassed() {
        leaders.put(0, "a");
        SyncSettings holding = NodeHarness.syncDefaults(false).withHoldResyncForTest(Duration.ofSeconds(10));
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), holding, 0, lookup)) {
            traffic(0, 50, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            long firstSync = b.status().syncedFrom();
            b.drainOutputs();

            b.deliver(List.of(SyncMessage.newBuilder().setPartition(0).setSender("egress-selector").setRecipient("b")
                    .setBody(new Resync("digest mismatch with leader a at offset 49", 49L)).build()));
            traffic(50, 60, a, b);
            b.advance(Duration.ofSeconds(9));
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState(), "held: not obeyed yet");
            assertEquals(firstSync, b.status().syncedFrom());
            assertEquals(0, b.counters.resyncOrders.get());
            List<NodeOutput> held = b.drainOutputs();
            assertEquals(10, held.size(), "still processing while it holds the order");
            assertTrue(held.stream().allMatch(o -> o.getSyncState() == SyncState.SYNCHRONIZED
                    && o.getSyncedFrom() == firstSync), "its outputs still say synchronized from " + firstSync);

            b.advance(Duration.ofSeconds(1));
            assertEquals(SyncState.UNSYNCED, b.status().syncState(), "obeyed once the hold passed");
            assertEquals("resync ordered by egress-selector: digest mismatch with leader a at offset 49; stash complete from"
                    + " offset 60", b.status().detail());
            assertEquals(1, b.counters.resyncOrders.get());
            assertEquals(0, b.flows().approximateNumEntries());

            traffic(60, 80, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertTrue(b.status().syncedFrom() > 59, "synchronized again after the order: " + b.status().syncedFrom());
        }
    }

    @Test
    void theTestCorruptionHookIsCaughtByTheDigestAtTheCorruptedFlowsNextRecord() {
        leaders.put(0, "a");
        SyncSettings corrupting = NodeHarness.syncDefaults(false).withCorruptFlowForTest("flow-5");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), corrupting, 0, lookup)) {
            traffic(0, 130, a, b);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            a.drainOutputs();
            b.drainOutputs();
            traffic(130, 300, a, b); // flow-5 gets records at 245 and ... the hook strikes after 130
            List<NodeOutput> fromA = a.drainOutputs();
            List<NodeOutput> fromB = b.drainOutputs();
            int firstDifference = -1;
            for (int i = 0; i < fromA.size(); i++) {
                if (fromA.get(i).getStateDigest() != fromB.get(i).getStateDigest()) {
                    firstDifference = i;
                    break;
                }
            }
            assertTrue(firstDifference >= 0, "the corruption shows in the digest");
            NodeOutput caught = fromB.get(firstDifference);
            assertEquals("flow-5", caught.getFlowId());
            assertEquals(245, caught.getIngressOffset(), "flow-5's first record after the corruption");
        }
    }

    // ---- failure paths ------------------------------------------------------------------------

    @Test
    void aDeclarationWhoseDigestDiffersFromTheInstalledStateIsRejectedAndTheBackupAsksAgain() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 40,
                     lookup)) {
            traffic(0, 60, a, b);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync());
            a.deliver(b.drainSync());
            SyncMessage declaration = a.drainSync().get(0);
            SyncDeclaration original = (SyncDeclaration) declaration.getBody();
            declaration.setBody(new SyncDeclaration(original.getCheckpointId(), original.getValidFrom(),
                    original.getPartitionDigest() ^ 1));
            b.deliver(List.of(declaration));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertTrue(b.status().detail().contains("differs from the leader's"), b.status().detail());
            assertTrue(b.status().detail().endsWith(" at offset 59; stash complete from offset 40"), b.status().detail());
            assertEquals(1, b.counters.restarts.get());

            b.advance(Duration.ofSeconds(1));
            List<SyncMessage> again = b.drainSync();
            assertEquals(40, ((SyncRequest) again.get(0).getBody()).getStashFrom(), "the stash is kept");
            a.deliver(again);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            a.drainOutputs();
            b.drainOutputs();
            traffic(60, 90, a, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
        }
    }

    @Test
    void aStashMissingARecordIsNotReplayedTheBackupStartsOver() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 40,
                     lookup)) {
            traffic(0, 45, a, b);
            traffic(45, 60, b); // b stashes 40..59; a is at 44
            a.deliver(b.drainSync());
            b.deliver(a.drainSync());
            a.deliver(b.drainSync());
            List<SyncMessage> declaration = a.drainSync();
            assertEquals(45, ((SyncDeclaration) declaration.get(0).getBody()).getValidFrom());
            b.driver.getKeyValueStore(io.understudy.node.internals.processing.NodeStores.STASH).delete(Stash.key(50)); // lost

            b.deliver(declaration);
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertTrue(b.status().detail().startsWith("stash incomplete: offset 51 follows offset 50, not 49"),
                    b.status().detail());
            assertTrue(b.drainOutputs().isEmpty(), "nothing replayed");
            assertEquals(1, b.counters.restarts.get());
            assertEquals(0, b.counters.synchronizations.get());
            assertEquals(0, b.flows().approximateNumEntries());
        }
    }

    @Test
    void aBackupIgnoresACheckpointFromANodeThatDoesNotLeadOnTheLeadershipTopic() {
        leaders.put(0, "c");
        Map<Integer, String> stale = Map.of(0, "a"); // what a believes: an old decision
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true), -1,
                partition -> Optional.ofNullable(stale.get(partition)));
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 20,
                     lookup)) {
            traffic(0, 40, a, b);
            a.deliver(b.drainSync());
            List<SyncMessage> checkpoint = a.drainSync();
            assertEquals(1, checkpoint.size(), "a answers, believing it leads");
            b.deliver(checkpoint);
            assertEquals(SyncState.UNSYNCED, b.status().syncState(), "b installs nothing from a node that does not lead");
            assertEquals(0, b.flows().approximateNumEntries());
            assertTrue(b.drainSync().isEmpty(), "and acknowledges nothing");
            assertEquals(1, b.counters.checkpointsFromNonLeaders.get());

            leaders.put(0, "a"); // a leads now: its next checkpoint is taken
            b.advance(Duration.ofSeconds(1));
            a.advance(Duration.ofSeconds(31)); // a's first session times out
            a.deliver(b.drainSync());
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
        }
    }

    @Test
    void aDeclarationThatDoesNotFollowTheCheckpointReceivedIsRejected() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 40,
                     lookup)) {
            traffic(0, 60, a, b);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync()); // the checkpoint at a's position 59
            a.deliver(b.drainSync());
            SyncMessage declaration = a.drainSync().get(0);
            SyncDeclaration original = (SyncDeclaration) declaration.getBody();
            assertEquals(60, original.getValidFrom());
            declaration.setBody(new SyncDeclaration(original.getCheckpointId(), 61L, original.getPartitionDigest()));
            b.deliver(List.of(declaration));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertTrue(b.status().detail().startsWith("declaration from offset 61 does not follow the checkpoint received"
                    + " (round 0 at offset 59, 1 of 1 chunks)"), b.status().detail());
            assertEquals(1, b.counters.restarts.get());
            assertEquals(0, b.counters.synchronizations.get());
            assertTrue(b.drainOutputs().isEmpty());
        }
    }

    @Test
    void aDeclarationFromBeforeTheStashIsRejected() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 50,
                     lookup)) {
            traffic(0, 45, a, b);
            traffic(45, 60, b); // b stashes 50..59; a is at 44 and would wait before declaring
            a.deliver(b.drainSync());
            List<SyncMessage> checkpoint = a.drainSync();
            Checkpoint chunk = (Checkpoint) checkpoint.get(0).getBody();
            assertEquals(44, chunk.getPosition());
            b.deliver(checkpoint);
            a.deliver(b.drainSync());
            assertTrue(a.drainSync().isEmpty(), "the leader itself waits for b's stash");
            // a declaration that follows the checkpoint (45 = 44 + 1) but precedes the stash (50)
            b.deliver(List.of(SyncMessage.newBuilder().setPartition(0).setSender("a").setRecipient("b")
                    .setBody(new SyncDeclaration(chunk.getCheckpointId(), 45L, chunk.getPartitionDigest())).build()));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertTrue(b.status().detail().startsWith("declared synchronized from offset 45 but the stash is complete only"
                    + " from offset 50"), b.status().detail());
            assertEquals(1, b.counters.restarts.get());
            assertEquals(0, b.counters.synchronizations.get());
            assertTrue(b.drainOutputs().isEmpty());
        }
    }

    @Test
    void onlyTheLeaderAnswersAndAnUnansweredRequestIsRepeated() {
        try (NodeHarness a = primary("a", "passthrough", FunctionConfig.empty());
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 10, a, b);
            a.deliver(b.drainSync());
            assertTrue(a.drainSync().isEmpty(), "no leadership known: nobody answers");
            leaders.put(0, "c");
            b.advance(Duration.ofMillis(999));
            assertTrue(b.drainSync().isEmpty());
            b.advance(Duration.ofMillis(1));
            a.deliver(b.drainSync());
            assertTrue(a.drainSync().isEmpty(), "a does not lead: c answers");
            leaders.put(0, "a");
            b.advance(Duration.ofSeconds(1));
            List<SyncMessage> third = b.drainSync();
            assertEquals(1, third.size());
            a.deliver(third);
            assertInstanceOf(Checkpoint.class, a.drainSync().get(0).getBody());
            assertEquals(3, b.counters.requestsSent.get());
        }
    }

    @Test
    void aCheckpointThatStopsComingIsAbandonedAndAskedForAgain() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withCheckpointChunkBytes(1_024).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 100,
                     lookup)) {
            traffic(0, 130, a, b);
            a.deliver(b.drainSync());
            List<SyncMessage> chunks = a.drainSync();
            b.deliver(chunks.subList(0, 1)); // the rest is lost (the leader died, say)
            b.drainSync();
            assertEquals(SyncState.RECEIVING, b.status().syncState());
            assertEquals(-1, b.status().lastOffset(), "at the checkpoint's position only once its round is complete");
            Checkpoint first = (Checkpoint) chunks.get(0).getBody();
            assertEquals(new SyncProgress(100, 129, 30, first.getCheckpointId(), "a", 0, chunks.size(), 1, 129,
                    first.getContexts().size(), ""), storedProgress(b));
            b.advance(Duration.ofSeconds(30));
            assertEquals(SyncState.RECEIVING, b.status().syncState(), "30 s of silence is the session timeout, not past it");
            b.advance(Duration.ofSeconds(1));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("no checkpoint message from a for 31000 ms; stash complete from offset 100", b.status().detail());
            assertEquals(new SyncProgress(100, 129, 30, "", "", 0, 0, 0, -1, 0, ""), storedProgress(b), "the stash is kept");
            assertEquals(0, b.flows().approximateNumEntries());
            b.advance(Duration.ofSeconds(1));
            List<SyncMessage> again = b.drainSync();
            assertEquals(100, ((SyncRequest) again.get(0).getBody()).getStashFrom());

            a.deliver(again);
            assertTrue(a.drainSync().isEmpty(), "the first session is still running on the leader, unanswered");
            a.advance(Duration.ofSeconds(31)); // ... until it times out there too
            b.advance(Duration.ofSeconds(1));
            a.deliver(b.drainSync());
            List<SyncMessage> fresh = a.drainSync();
            assertNotEquals(((Checkpoint) chunks.get(0).getBody()).getCheckpointId(),
                    ((Checkpoint) fresh.get(0).getBody()).getCheckpointId());
            b.deliver(fresh);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
        }
    }

    @Test
    void aSessionSilentForFourSessionTimeoutsIsForgottenAndItsLateAcknowledgementStartsAfresh() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup);
             NodeHarness c = new NodeHarness("c", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 20, a, b, c);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync());
            List<SyncMessage> fromB = b.drainSync();
            a.advance(Duration.ofSeconds(120)); // exactly four session timeouts of silence: not yet forgotten
            a.deliver(fromB);
            assertInstanceOf(SyncDeclaration.class, a.drainSync().get(0).getBody());

            a.deliver(c.drainSync());
            List<SyncMessage> toC = a.drainSync();
            String first = ((Checkpoint) toC.get(0).getBody()).getCheckpointId();
            c.deliver(toC);
            List<SyncMessage> fromC = c.drainSync();
            a.advance(Duration.ofSeconds(121));
            a.deliver(fromC); // the session was forgotten: a synchronization this task does not know, run again
            Checkpoint again = (Checkpoint) a.drainSync().get(0).getBody();
            assertNotEquals(first, again.getCheckpointId());
            assertEquals(0, again.getRound());
        }
    }

    @Test
    void aCheckpointOutOfSequenceOrFromANodeThatNoLongerLeadsIsAbandoned() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withCheckpointChunkBytes(1_024).withProbes(Duration.ZERO, 1_024, 0), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 100,
                     lookup)) {
            traffic(0, 130, a, b);
            a.deliver(b.drainSync());
            List<SyncMessage> chunks = a.drainSync();
            String id = ((Checkpoint) chunks.get(0).getBody()).getCheckpointId();
            b.deliver(chunks.subList(0, 1));
            b.deliver(chunks.subList(2, 3)); // chunk 1 lost
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("checkpoint " + id + " arrived out of sequence: round 0 chunk 2 after round 0 chunk 0; stash complete"
                    + " from offset 100", b.status().detail());
            assertEquals(1, b.counters.restarts.get());

            b.advance(Duration.ofSeconds(1));
            a.advance(Duration.ofSeconds(31));
            a.deliver(b.drainSync());
            b.deliver(a.drainSync().subList(0, 1));
            assertEquals(SyncState.RECEIVING, b.status().syncState());
            leaders.put(0, "c"); // a no longer leads: what it sends may not be the leader's state
            b.advance(Duration.ofSeconds(1));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("leadership moved from a to c; stash complete from offset 100", b.status().detail());
            assertEquals(2, b.counters.restarts.get());
        }
    }

    @Test
    void aStashThatOverflowsIsDroppedAndStartedOver() {
        try (NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(false).withMaxStashRecords(10), 0, lookup)) {
            traffic(0, 10, b);
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            traffic(10, 11, b);
            assertTrue(b.status().detail().startsWith("stash overflow: 10 records stashed"), b.status().detail());
            assertEquals(1, b.counters.restarts.get());
            b.drainSync();
            b.advance(Duration.ofSeconds(1));
            assertEquals(10, ((SyncRequest) b.drainSync().get(0).getBody()).getStashFrom());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private NodeHarness primary(String id, String function, FunctionConfig config) {
        return new NodeHarness(id, function, config, NodeHarness.syncDefaults(true), -1, lookup);
    }

    private static FunctionConfig salt(String value) {
        return new FunctionConfig(Map.of(ClosingSessions.SALT, value));
    }

    private static String flowOf(int i) {
        return "flow-" + (i % FLOWS);
    }

    /** Ingress records [from, to) to each node: flow-(i % 120), payload "p<i>". */
    private static void traffic(int from, int to, NodeHarness... nodes) {
        for (int i = from; i < to; i++) {
            for (NodeHarness node : nodes) {
                node.send(flowOf(i), "p" + i, 1_000 + i);
            }
        }
    }

    /** Carries messages between two nodes until both are quiet. */
    private static void exchange(NodeHarness leader, NodeHarness backup) {
        for (int i = 0; i < 20; i++) {
            List<SyncMessage> fromBackup = backup.drainSync();
            leader.deliver(fromBackup);
            List<SyncMessage> fromLeader = leader.drainSync();
            backup.deliver(fromLeader);
            if (fromBackup.isEmpty() && fromLeader.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the exchange did not settle");
    }

    private static List<NodeOutput> from(List<NodeOutput> outputs, long offset) {
        return outputs.stream().filter(o -> o.getIngressOffset() >= offset).toList();
    }

    /** Same outputs for the same offsets, byte for byte, but for the node that made them. */
    private static void assertSameOutputs(List<NodeOutput> expected, List<NodeOutput> actual) {
        assertEquals(expected.size(), actual.size(), "output counts");
        IntFunction<String> where = i -> "output for offset " + expected.get(i).getIngressOffset();
        for (int i = 0; i < expected.size(); i++) {
            NodeOutput e = NodeOutput.newBuilder(expected.get(i)).setNodeId("-").build();
            NodeOutput b = NodeOutput.newBuilder(actual.get(i)).setNodeId("-").setSyncedFrom(e.getSyncedFrom()).build();
            assertEquals(e, b, where.apply(i));
        }
    }

    /** The backup side's progress as its store holds it: what a restarted task would resume from. */
    private static SyncProgress storedProgress(NodeHarness node) {
        return SyncProgress.decode(node.driver.<Integer, byte[]>getKeyValueStore(NodeStores.SYNC_PROGRESS).get(0));
    }

    private static void assertSameFlows(NodeHarness a, NodeHarness b) {
        assertEquals(flows(a), flows(b));
        assertEquals(a.status().digest(), b.status().digest());
    }

    private static Map<String, String> flows(NodeHarness node) {
        Map<String, String> flows = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = node.flows().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                flows.put(entry.key, java.util.HexFormat.of().formatHex(entry.value));
            }
        }
        return flows;
    }
}
