package io.understudy.node.internals.sync;

import io.understudy.node.internals.state.PartitionState;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ONLY ({@code test.corrupt.flow}): corrupts one flow's stored state once, after this node
 * was synchronized by the protocol, without updating the digest, as silent memory corruption
 * would. Tests use it to show that the selector catches the backup at the flow's next record,
 * never chooses it, and that it comes back synchronized. Shared by all tasks of a node.
 */
public final class CorruptionHook {

    private static final Logger log = LoggerFactory.getLogger(CorruptionHook.class);

    private final String flowId;
    private final AtomicBoolean done = new AtomicBoolean();

    public CorruptionHook(String flowId) {
        this.flowId = flowId;
    }

    /** After a record applied on a partition synchronized in this process: corrupts the flow if it is here. */
    public void afterRecord(String nodeId, PartitionState state) {
        if (!done.get() && state.corruptForTest(flowId)) {
            done.set(true);
            log.warn("TEST HOOK: node {} corrupted the stored state of flow {} on partition {} after offset {}"
                    + " (digest left as it was)", nodeId, flowId, state.partition(), state.status().lastOffset());
        }
    }
}
