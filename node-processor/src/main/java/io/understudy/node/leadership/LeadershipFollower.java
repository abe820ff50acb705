package io.understudy.node.leadership;

import io.understudy.records.LeaderChange;
import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Follows the leadership topic from its beginning and remembers the latest leader of every
 * partition (highest epoch wins).
 *
 * <p>The consumer must read committed records only: the selector writes its decisions in
 * transactions, and an aborted decision never happened.
 */
public final class LeadershipFollower implements LeaderLookup, AutoCloseable {

    private record Leader(int epoch, String node) {
    }

    private final Map<Integer, Leader> leaders = new ConcurrentHashMap<>();
    private final TopicFollower<String, LeaderChange> follower;

    public LeadershipFollower(Consumer<String, LeaderChange> consumer, String topic, String nodeId) {
        this.follower = new TopicFollower<>(consumer, topic, TopicFollower.Start.BEGINNING, Duration.ofMillis(100),
                "understudy-leadership-" + nodeId, record -> {
                    if (record.value() != null) {
                        accept(record.value());
                    }
                });
    }

    public LeadershipFollower start() {
        follower.start();
        return this;
    }

    @Override
    public Optional<String> leaderOf(int partition) {
        return Optional.ofNullable(leaders.get(partition)).map(Leader::node);
    }

    /** Records one decision (also for tests that feed decisions by hand). */
    public void accept(LeaderChange change) {
        if (change.getLeader() == null || change.getLeader().isEmpty()) {
            return;
        }
        leaders.merge(change.getPartition(), new Leader(change.getEpoch(), change.getLeader()),
                (known, latest) -> latest.epoch() >= known.epoch() ? latest : known);
    }

    @Override
    public void close() {
        follower.close();
    }
}
