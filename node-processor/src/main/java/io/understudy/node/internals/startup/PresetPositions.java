package io.understudy.node.internals.startup;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;

/**
 * Where a task's ingress consumer resumes when the task starts, for the stash of a partition that
 * is not synchronized.
 *
 * <p>With a {@linkplain #PresetPositions(Map, IntToLongFunction) reader} (a running node: its
 * consumer group's committed offset, read when the task starts), every task gets where it
 * resumes now. That matters once a node runs as several instances: a partition that moves to an
 * instance started long ago resumes from what its previous instance committed since, not from
 * what was committed when this instance started, and a stash that started there would claim
 * records it never received.
 *
 * <p>Without one (the tests' tasks), the offsets {@link StartPositions} settled before the node's
 * Kafka Streams application started hold for the first task of each partition in this process, and
 * only then: a task re-initialized later in the same process (a replaced stream thread, a task
 * moved between threads) resumes from whatever was committed since, so it learns where its stash
 * begins from the first record it stashes.
 */
public final class PresetPositions {

    private final Map<Integer, Long> positions;
    private final IntToLongFunction committed;
    private final Set<Integer> taken = ConcurrentHashMap.newKeySet();

    /** @param positions per ingress partition, the offset the consumer resumes from when the process starts */
    public PresetPositions(Map<Integer, Long> positions) {
        this(positions, null);
    }

    /**
     * @param positions per ingress partition, the offset the consumer resumes from when the process starts
     * @param committed per ingress partition, the offset the consumer resumes from now (the group's
     *                  committed offset), or -1 when unknown; null to use {@code positions} alone
     */
    public PresetPositions(Map<Integer, Long> positions, IntToLongFunction committed) {
        this.positions = Map.copyOf(positions);
        this.committed = committed;
    }

    /**
     * Where the task of the partition starting now resumes: read now when there is a reader;
     * otherwise the preset offset for the first task of it in this process, and -1 (unknown) for
     * any later one, and for a partition without one.
     */
    public long take(int partition) {
        boolean first = taken.add(partition);
        if (committed != null) {
            return committed.applyAsLong(partition);
        }
        return first ? positions.getOrDefault(partition, -1L) : -1L;
    }

    @Override
    public String toString() {
        return positions.toString();
    }
}
