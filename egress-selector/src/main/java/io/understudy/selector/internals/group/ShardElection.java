package io.understudy.selector.internals.group;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Who should own a shard that nobody owns: among the live selector instances, the one that ranks
 * first for that shard by rendezvous hashing (highest hash of instance id and shard, ties by id).
 * Every instance computes the same answer from the same view, so two standbys never race for a
 * shard; the ranking differs per shard, so shards spread over the instances. Ownership is sticky:
 * a shard whose owner is alive is never claimed, whatever the ranking says, so a returning instance
 * does not take its shards back.
 */
public final class ShardElection {

    private ShardElection() {
    }

    /** The live instance that should take an unowned shard, if any is live. */
    public static Optional<String> preferredOwner(int shard, Collection<String> liveInstances) {
        return liveInstances.stream()
                .max(Comparator.comparingLong((String instance) -> rank(instance, shard))
                        .thenComparing(Comparator.reverseOrder()));
    }

    /** The rendezvous rank of an instance for a shard: a fixed function of both, the same everywhere. */
    static long rank(String instance, int shard) {
        CRC32C crc = new CRC32C();
        crc.update((instance + "#" + shard).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The shard of an ingress partition. */
    public static int shardOf(int partition, int shardCount) {
        return partition % shardCount;
    }
}
