package io.understudy.node.internals.leadership;

import io.understudy.observability.DecisionLine;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the leadership topic from its beginning and remembers the latest leader of every
 * partition (highest epoch wins).
 *
 * <p>It names no leader at all until it has read the topic up to where it ended when the node
 * started: during the replay, the highest epoch seen so far is history, not the present, and a
 * node that took an old decision naming itself for the current one would answer synchronizations
 * and send probes as a leader it no longer is. Once caught up, it logs {@code
 * decision=leadership_known} with what it knows.
 *
 * <p>The consumer must read committed records only: the selector writes its decisions in
 * transactions, and an aborted decision never happened.
 */
public final class LeadershipFollower implements LeaderLookup, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeadershipFollower.class);

    private record Leader(int epoch, String node) {
    }

    private final Map<Integer, Leader> leaders = new ConcurrentHashMap<>();
    private final TopicFollower<String, LeaderChange> follower;
    private final String nodeId;
    private volatile boolean announced;

    public LeadershipFollower(Consumer<String, LeaderChange> consumer, String topic, String nodeId) {
        this.nodeId = nodeId;
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

    /** The latest leader of the partition; empty while none is known or the topic is still being replayed. */
    @Override
    public Optional<String> leaderOf(int partition) {
        if (!caughtUp()) {
            return Optional.empty();
        }
        return Optional.ofNullable(leaders.get(partition)).map(Leader::node);
    }

    /** True once the leadership topic has been read up to where it ended when the follower started. */
    public boolean caughtUp() {
        if (announced) {
            return true;
        }
        if (!follower.caughtUp()) {
            return false;
        }
        synchronized (this) {
            if (!announced) {
                announced = true;
                log.info("{}", DecisionLine.of("leadership_known").with("node", nodeId)
                        .with("leaders", new java.util.TreeMap<>(leaders).toString()));
            }
        }
        return true;
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
