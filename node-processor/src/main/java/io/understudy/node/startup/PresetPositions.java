package io.understudy.node.startup;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingress offsets {@link StartPositions} settled before the node's Kafka Streams application
 * started. Each one is where the consumer resumes the first time a task of its partition starts in
 * this process, and only then: a task re-initialized later in the same process (a replaced stream
 * thread, a task moved between threads) resumes from whatever was committed since, so a stash that
 * started there would claim records it never received. Such a task learns where its stash begins
 * from the first record it stashes.
 */
public final class PresetPositions {

    private final Map<Integer, Long> positions;
    private final Set<Integer> taken = ConcurrentHashMap.newKeySet();

    /** @param positions per ingress partition, the offset the consumer resumes from when the process starts */
    public PresetPositions(Map<Integer, Long> positions) {
        this.positions = Map.copyOf(positions);
    }

    /**
     * The preset offset of the partition for the first task of it in this process; -1 (unknown)
     * for any later task of it, and for a partition without one.
     */
    public long take(int partition) {
        return taken.add(partition) ? positions.getOrDefault(partition, -1L) : -1L;
    }

    @Override
    public String toString() {
        return positions.toString();
    }
}
