package io.understudy.selector.internals.liveness;

import io.understudy.observability.DecisionLine;
import io.understudy.records.Heartbeat;
import io.understudy.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every node's heartbeats topic ({@code heartbeats.<id>}, one per node so that only that
 * node may write it) into the {@link LivenessView}, with each heartbeat's broker timestamp (the
 * topics are LogAppendTime), on a thread of its own and outside any consumer group. It looks for
 * new nodes' topics every {@link #DISCOVERY_INTERVAL}, starts each topic {@code lookback} back, so
 * that a restarted selector knows at once who was alive.
 *
 * <p><b>Time moves only on a consistent picture.</b> With one partition per node, the records of
 * one node's topic can arrive before another's (after a pause of the selector, one fetch answer is
 * handed over before the next): judging by the latest timestamp read so far would make a healthy
 * node look silent. So the listener settles the view's time in steps: it notes the latest
 * timestamp read, then asks the broker for the end of every heartbeats partition ({@code
 * ListOffsets}, sent after that timestamp's record was read, so every heartbeat the broker had
 * stamped up to that time lies below those ends), and once it has read every partition up to
 * those ends, that timestamp becomes the view's {@link LivenessView#now() now}. The consumer's
 * cached lag ({@code currentLag}) would not do: it is as old as the last fetch answer processed,
 * which after a pause predates the pause. Until the first step is settled nobody may be judged
 * silent (that is the whole start-up grace).
 *
 * <p>A heartbeat that names another node than the one its topic belongs to is ignored ({@code
 * decision=heartbeat_impersonation_ignored}, counted): only ACLs, never a record, say who spoke.
 * An undecodable record proves nobody alive: it is skipped. If the thread dies, {@link #alive()}
 * turns false and the selector reports itself unhealthy: from then on no failure could be seen.
 */
public final class HeartbeatListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatListener.class);

    /** How often the listener looks for the heartbeats topic of a node that joined. */
    public static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofMillis(50);

    /** How long one metadata or offsets request may wait; past it the round is retried (the broker restarting). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final org.apache.kafka.clients.consumer.Consumer<String, Heartbeat> consumer;
    private final TopicNames topics;
    private final Duration lookback;
    private final LivenessView view;
    private final Consumer<String> onImpersonation;
    private final Thread thread;
    private final Set<String> reported = new HashSet<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long lastDiscovery = Long.MIN_VALUE;
    private boolean unreachable;
    /** The step being settled: the time read before the ends were asked for, and those ends; null when none is. */
    private Step pending;

    private record Step(long readTime, Map<TopicPartition, Long> ends) {
    }

    /**
     * @param consumer        a consumer of its own (the listener closes it)
     * @param onImpersonation called with the topic of each heartbeat ignored for naming another node
     */
    public HeartbeatListener(org.apache.kafka.clients.consumer.Consumer<String, Heartbeat> consumer, TopicNames topics,
                             Duration lookback, LivenessView view, Consumer<String> onImpersonation) {
        this.consumer = consumer;
        this.topics = topics;
        this.lookback = lookback;
        this.view = view;
        this.onImpersonation = onImpersonation;
        this.thread = new Thread(this::run, "understudy-heartbeat-listener");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    step();
                } catch (RetriableException e) {
                    // the broker out of reach (a restart): nothing is settled meanwhile, so nobody is judged
                    if (!unreachable) {
                        log.warn("heartbeats: the broker does not answer ({}); time stands still until it does",
                                e.toString());
                    }
                    unreachable = true;
                    pending = null;
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (Throwable e) { // an Error too: the selector must learn that it can see no failure any more
            failure = e;
            log.error("reading the heartbeats stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** One round: look for new topics when due, read what came, settle time if it can. */
    private void step() throws InterruptedException {
        long clock = System.currentTimeMillis(); // only when to look for new topics, never liveness
        if (lastDiscovery == Long.MIN_VALUE || clock - lastDiscovery >= DISCOVERY_INTERVAL.toMillis()) {
            discover();
            lastDiscovery = clock;
        }
        if (consumer.assignment().isEmpty()) {
            if (!view.caughtUp()) {
                view.markCaughtUp(); // no node has a heartbeats topic yet: nothing to read, nobody to judge
            }
            Thread.sleep(POLL.toMillis());
            return;
        }
        try {
            for (ConsumerRecord<String, Heartbeat> record : consumer.poll(POLL)) {
                accept(record);
            }
        } catch (RecordDeserializationException e) {
            log.warn("undecodable heartbeat at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                    e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        settle();
        if (unreachable) {
            unreachable = false;
            log.info("heartbeats: the broker answers again");
        }
    }

    private void accept(ConsumerRecord<String, Heartbeat> record) {
        Heartbeat heartbeat = record.value();
        if (heartbeat == null) {
            return;
        }
        String writer = topics.heartbeatsNodeOf(record.topic()).orElseThrow();
        if (!writer.equals(heartbeat.getNodeId())) {
            onImpersonation.accept(record.topic());
            if (reported.size() < 100 && reported.add(record.topic() + "\u0000" + heartbeat.getNodeId())) {
                log.warn("{}", DecisionLine.of("heartbeat_impersonation_ignored").with("topic", record.topic())
                        .with("offset", record.offset()).with("claimed_node", heartbeat.getNodeId())
                        .with("writer", writer).with("detail", "only the first of each claimed node is logged"));
            }
            return;
        }
        view.recordArrival(heartbeat, record.timestamp());
    }

    /**
     * Takes a step when there is time read beyond the settled one, or settles the pending step
     * once every partition is read up to its ends.
     */
    private void settle() {
        if (pending == null) {
            long readTime = view.readTime();
            if (readTime == LivenessView.NO_TIME ? view.caughtUp() : readTime <= view.now()) {
                return; // nothing new to settle (an empty start settles once, below)
            }
            Set<TopicPartition> assigned = consumer.assignment();
            pending = new Step(readTime, consumer.endOffsets(assigned, REQUEST_TIMEOUT));
        }
        for (Map.Entry<TopicPartition, Long> end : pending.ends().entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return;
            }
        }
        view.settle(pending.readTime());
        if (!view.caughtUp()) {
            view.markCaughtUp();
            log.info("heartbeats read up to their ends {}: liveness is judged from broker time {}", pending.ends(),
                    pending.readTime());
        }
        pending = null;
    }

    /** Assigns the heartbeats topic of every node not yet read, from {@code lookback} back; drops deleted ones. */
    private void discover() {
        Map<String, List<PartitionInfo>> listed = consumer.listTopics(REQUEST_TIMEOUT);
        Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : new TreeSet<>(listed.keySet())) {
            if (topics.heartbeatsNodeOf(topic).isEmpty()) {
                continue;
            }
            for (PartitionInfo info : listed.get(topic)) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (assigned.add(partition)) {
                    added.add(partition);
                }
            }
        }
        boolean removed = assigned.removeIf(partition -> !listed.containsKey(partition.topic()));
        if (added.isEmpty() && !removed) {
            return;
        }
        consumer.assign(assigned);
        if (!added.isEmpty()) {
            seekToRecent(added);
            log.info("reading heartbeats of {}", added);
        }
        pending = null; // a step must cover every partition read
    }

    /** Seeks each partition to its first record no older than the lookback (by the local clock: only where to start). */
    private void seekToRecent(List<TopicPartition> partitions) {
        long since = Math.max(0, System.currentTimeMillis() - lookback.toMillis());
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, REQUEST_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    /** False once the listener's thread died: no node failure can be seen any more. */
    public boolean alive() {
        return running && failure == null && thread.isAlive();
    }

    /** Why the listener stopped, or null while it runs. */
    public String failure() {
        return failure == null ? null : failure.toString();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(POLL.toMillis() + 3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
