package io.understudy.node.internals.sync;

import java.time.Duration;

/**
 * How a node takes part in synchronization (from {@link io.understudy.node.NodeConfig}, where each
 * setting is documented with its default).
 *
 * @param startsSynchronized   a partition this node has no state for counts as synchronized from the
 *                             start of the log (the initial primary of a fresh deployment only)
 * @param resetState           drop this node's state for every partition once, at this start, and
 *                             synchronize again
 * @param incarnation          identifies this process start (a reset is done once per incarnation)
 * @param requestInterval      how often an unsynced partition repeats its request until a checkpoint comes
 * @param sessionTimeout       silence after which either side abandons a synchronization in progress
 * @param checkpointChunkBytes upper bound of the contexts carried by one checkpoint message
 * @param maxStashRecords      ingress records an unsynced partition may stash before it starts over
 * @param probeInterval        how often a leader considers sending a probe per partition; zero for never
 * @param probeMaxBytes        upper bound of the contexts carried by one probe
 * @param probeIngressRatio    probe bytes a partition's ingress bytes pay for (0.005: half a percent)
 * @param corruptFlowForTest   TEST ONLY: a flow whose stored state is corrupted once after this node
 *                             got synchronized, or null
 * @param holdResyncForTest    TEST ONLY: how long a resync order is held before it is obeyed; zero
 *                             obeys at once
 */
public record SyncSettings(boolean startsSynchronized, boolean resetState, String incarnation,
                           Duration requestInterval, Duration sessionTimeout, int checkpointChunkBytes,
                           long maxStashRecords, Duration probeInterval, int probeMaxBytes, double probeIngressRatio,
                           String corruptFlowForTest, Duration holdResyncForTest) {

    public SyncSettings withCheckpointChunkBytes(int bytes) {
        return new SyncSettings(startsSynchronized, resetState, incarnation, requestInterval, sessionTimeout, bytes,
                maxStashRecords, probeInterval, probeMaxBytes, probeIngressRatio, corruptFlowForTest,
                holdResyncForTest);
    }

    public SyncSettings withMaxStashRecords(long records) {
        return new SyncSettings(startsSynchronized, resetState, incarnation, requestInterval, sessionTimeout,
                checkpointChunkBytes, records, probeInterval, probeMaxBytes, probeIngressRatio, corruptFlowForTest,
                holdResyncForTest);
    }

    public SyncSettings withProbes(Duration interval, int maxBytes, double ingressRatio) {
        return new SyncSettings(startsSynchronized, resetState, incarnation, requestInterval, sessionTimeout,
                checkpointChunkBytes, maxStashRecords, interval, maxBytes, ingressRatio, corruptFlowForTest,
                holdResyncForTest);
    }

    public SyncSettings withCorruptFlowForTest(String flowId) {
        return new SyncSettings(startsSynchronized, resetState, incarnation, requestInterval, sessionTimeout,
                checkpointChunkBytes, maxStashRecords, probeInterval, probeMaxBytes, probeIngressRatio, flowId,
                holdResyncForTest);
    }

    public SyncSettings withHoldResyncForTest(Duration hold) {
        return new SyncSettings(startsSynchronized, resetState, incarnation, requestInterval, sessionTimeout,
                checkpointChunkBytes, maxStashRecords, probeInterval, probeMaxBytes, probeIngressRatio, corruptFlowForTest,
                hold);
    }
}
