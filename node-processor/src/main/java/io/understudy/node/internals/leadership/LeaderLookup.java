package io.understudy.node.internals.leadership;

import java.util.Optional;

/** Who leads an ingress partition, as far as this node knows. */
@FunctionalInterface
public interface LeaderLookup {

    /** The leader of the partition, or empty while no leadership decision has been seen. */
    Optional<String> leaderOf(int partition);
}
