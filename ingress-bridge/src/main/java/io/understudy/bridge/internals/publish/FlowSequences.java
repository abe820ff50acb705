package io.understudy.bridge.internals.publish;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The next sequence number of every flow this bridge has seen, in memory. A restarted bridge
 * starts every flow at 0 again. Flows are never forgotten (a flow costs one map entry).
 */
final class FlowSequences {

    private final ConcurrentMap<String, FlowSequence> flows = new ConcurrentHashMap<>();

    /** The flow's counter; callers lock it while they number and send a packet. */
    FlowSequence of(String flowId) {
        FlowSequence existing = flows.get(flowId);
        return existing != null ? existing : flows.computeIfAbsent(flowId, id -> new FlowSequence());
    }

    /** One flow's next sequence number. Guarded by its own monitor. */
    static final class FlowSequence {
        private long next;

        long next() {
            return next;
        }

        void advance() {
            next++;
        }
    }
}
