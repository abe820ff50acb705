package io.understudy.node.internals.startup;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --reset-state}, once per instance start. A node that runs as several instances shares its
 * partitions among them, and a partition moves from one to another whenever the group rebalances
 * (an instance joins, leaves or dies). The reset applies to the partitions this instance takes while
 * it starts, until its Kafka Streams application first runs ({@link #started()}), each once (the
 * incarnation that reset a partition is stored with it). A partition that moves in later from a
 * sibling keeps its state: the sibling owned it, and resetting it again at every move would
 * resynchronize the node without end.
 */
public final class StateReset {

    private final AtomicBoolean open;

    /** @param requested whether this start was asked to reset the state ({@code --reset-state}) */
    public StateReset(boolean requested) {
        this.open = new AtomicBoolean(requested);
    }

    /** Whether a partition taken now is reset (if this incarnation has not reset it already). */
    public boolean applies() {
        return open.get();
    }

    /** The instance's Kafka Streams application runs for the first time: the partitions it started with are taken. */
    public void started() {
        open.set(false);
    }
}
