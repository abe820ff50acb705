package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.Ineligibility;
import io.understudy.selector.internals.leadership.PartitionLeadership;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link BackupElection}'s rules one by one, on a hand-fed view of heartbeats, at the exact edge of
 * each timeout (300 ms to fail, 1,000 ms to be stalled between instances) and with the exact words
 * an operator reads in a decision.
 */
class BackupElectionTest {

    private static final long T = 1_000_000L;
    private static final String FINGERPRINT = "passthrough/1/cfg/1/{}";

    private final LivenessView liveness = new LivenessView();
    private final BackupElection election =
            new BackupElection(new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000), liveness);

    private void heartbeat(String node, String instance, long at, PartitionProgress... partitions) {
        liveness.recordArrival(Heartbeat.newBuilder().setNodeId(node).setInstanceId(instance).setIncarnation("i-" + instance)
                .setSentAt(at).setStaticInfo(new StaticInfo("passthrough", "1", "cfg", 1, Map.of()))
                .setPartitions(List.of(partitions)).build(), at);
    }

    private static PartitionProgress synced(int partition, long lastOffset, long syncedFrom) {
        return new PartitionProgress(partition, lastOffset, SyncState.SYNCHRONIZED, syncedFrom, null);
    }

    private static PartitionLeadership partition0(long watermark) {
        return PartitionLeadership.initial(0, "a", FINGERPRINT).withWatermark(watermark);
    }

    @Test
    void aLeaderHoldingThePartitionFailsOneMillisecondAfterTheFailureTimeout() {
        assertEquals(Optional.of("no heartbeat from a since the selector started"), election.whyFailed("a", 0, T));
        heartbeat("a", "a", T, synced(0, 5, 0));
        assertEquals(Optional.empty(), election.whyFailed("a", 0, T + 300));
        assertEquals(Optional.of("no heartbeat from a for 301 ms"), election.whyFailed("a", 0, T + 301));
        assertTrue(election.holdsAlive("a", 0, T + 300));
        assertFalse(election.holdsAlive("a", 0, T + 301));
        assertFalse(election.holdsAlive("a", 1, T), "it does not hold partition 1");
        assertFalse(election.holdsAlive("x", 0, T), "never heard from");
    }

    @Test
    void theInstanceHoldingThePartitionIsNamedWhenItFails() {
        heartbeat("a", "a1", T, synced(0, 5, 0));
        heartbeat("a", "a2", T + 301, synced(1, 5, 0));
        assertEquals(Optional.of("no heartbeat from a/a1 for 301 ms"), election.whyFailed("a", 0, T + 301));
        assertEquals(Optional.empty(), election.whyFailed("a", 1, T + 301));
    }

    /**
     * A node whose instances all hold other partitions fails on this one when it is silent for the
     * failure timeout, or when no instance has held the partition for the stall timeout.
     */
    @Test
    void aNodeHoldingNoInstanceOfThePartitionFailsOnSilenceOrAfterTheStallTimeout() {
        heartbeat("a", "a1", T, synced(1, 5, 0));
        assertEquals(Optional.empty(), election.whyFailed("a", 0, T + 300));
        assertEquals(Optional.of("no heartbeat from a for 301 ms"), election.whyFailed("a", 0, T + 301));
        heartbeat("a", "a1", T + 1_000, synced(1, 6, 0));
        assertEquals(Optional.empty(), election.whyFailed("a", 0, T + 1_000));
        heartbeat("a", "a1", T + 1_001, synced(1, 7, 0));
        assertEquals(Optional.of("no instance of a has held partition 0 for 1001 ms (moved between instances, restoring"
                + " its state)"), election.whyFailed("a", 0, T + 1_001));
    }

    @Test
    void aBackupIsEligibleUpToTheFailureTimeoutAndNotOneMillisecondLonger() {
        assertEquals(Optional.of("no heartbeat seen"), election.whyIneligible("b", partition0(3), T));
        heartbeat("b", "b", T, synced(0, 5, 0));
        assertEquals(Optional.empty(), election.whyIneligible("b", partition0(3), T + 300));
        assertEquals(Optional.of("silent for 301 ms"), election.whyIneligible("b", partition0(3), T + 301));
    }

    @Test
    void aBackupWhoseInstanceHoldingThePartitionIsSilentIsIneligibleHoweverLivelyItsSibling() {
        heartbeat("b", "b1", T, synced(0, 5, 0));
        heartbeat("b", "b2", T + 300, synced(1, 5, 0));
        assertEquals(Optional.empty(), election.whyIneligible("b", partition0(3), T + 300));
        heartbeat("b", "b2", T + 301, synced(1, 5, 0));
        assertEquals(Optional.of("b/b1, which holds partition 0, silent for 301 ms"),
                election.whyIneligible("b", partition0(3), T + 301));
    }

    @Test
    void eachReasonABackupIsIneligibleIsSaidInWords() {
        heartbeat("b", "b", T, synced(1, 5, 0));
        assertEquals(Optional.of("does not process partition 0"), election.whyIneligible("b", partition0(3), T));
        heartbeat("b", "b", T + 1, new PartitionProgress(0, 5L, SyncState.RECEIVING, -1L, null));
        assertEquals(Optional.of("is RECEIVING"), election.whyIneligible("b", partition0(3), T + 1));
        heartbeat("b", "b", T + 2, new PartitionProgress(0, 5L, SyncState.REFUSED, -1L, "declared from 9, stash from 12"));
        assertEquals(Optional.of("is REFUSED (declared from 9, stash from 12)"), election.whyIneligible("b", partition0(3), T + 2));
        heartbeat("b", "b", T + 3, synced(0, 5, 5));
        assertEquals(Optional.of("synchronized only from offset 5, after watermark 3"),
                election.whyIneligible("b", partition0(3), T + 3));
        assertEquals(Optional.empty(), election.whyIneligible("b", partition0(4), T + 3), "from exactly watermark + 1");
        assertEquals(Optional.of("digest mismatch with leader a at offset 4"), election.whyIneligible("b",
                partition0(4).withIneligible("b", new Ineligibility("digest mismatch with leader a at offset 4", 4)), T + 3));
        assertEquals(Optional.of("static information differs from the partition's"), election.whyIneligible("b",
                partition0(4).withStaticFingerprint("passthrough/2/cfg/1/{}"), T + 3));
        assertEquals(Optional.empty(), election.whyIneligible("b", partition0(4).withStaticFingerprint(""), T + 3),
                "a partition whose static information is not known yet");
    }

    @Test
    void theBestBackupIsNeverTheLeaderHoweverFarAheadAndTheReasonsOfTheOthersAreListedInNodeOrder() {
        heartbeat("a", "a", T, synced(0, 50, 0));
        heartbeat("c", "c", T, synced(0, 7, 0));
        heartbeat("b", "b", T, synced(0, 9, 0));
        heartbeat("d", "d", T, new PartitionProgress(0, 5L, SyncState.UNSYNCED, -1L, null));
        assertEquals(Optional.of("b"), election.best(partition0(3), T));
        assertEquals(Map.of("d", "is UNSYNCED"), election.explainIneligible(partition0(3), T));
        heartbeat("b", "b", T + 1, synced(0, 9, 5));
        assertEquals(Optional.of("c"), election.best(partition0(3), T + 1));
        assertEquals(List.of("b", "d"), List.copyOf(election.explainIneligible(partition0(3), T + 1).keySet()));
    }

    @Test
    void whatIsReadOfANodeWhenHeardFromAndWhenNot() {
        assertFalse(election.heardFrom("b"));
        assertEquals("", election.fingerprintOf("b"));
        assertEquals(-1L, election.reportedOffset("b", 0));
        assertEquals(Optional.empty(), election.latestProgress("b", 0));
        heartbeat("b", "b", T, synced(0, 42, 3));
        assertTrue(election.heardFrom("b"));
        assertEquals(FINGERPRINT, election.fingerprintOf("b"));
        assertEquals(42L, election.reportedOffset("b", 0));
        assertEquals(-1L, election.reportedOffset("b", 1));
        assertEquals(Optional.of(synced(0, 42, 3)), election.latestProgress("b", 0));
    }

    @Test
    void theStaticFingerprintRendersEveryFieldAndTheSchemasInNameOrder() {
        assertEquals("relay/3/h1/6/{egress=fp-e, ingress=fp-i}", BackupElection.fingerprint(
                new StaticInfo("relay", "3", "h1", 6, Map.of("ingress", "fp-i", "egress", "fp-e"))));
    }
}
