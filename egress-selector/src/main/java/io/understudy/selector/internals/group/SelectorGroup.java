package io.understudy.selector.internals.group;

import io.understudy.observability.DecisionLine;
import io.understudy.records.SelectorHeartbeat;
import io.understudy.records.SelectorState;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.EgressSelector;
import io.understudy.selector.internals.routing.RecordPathWarmUp;
import io.understudy.selector.internals.routing.ShardWorker;
import io.understudy.selector.internals.routing.WriteGate;
import io.understudy.selector.internals.status.StatusBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver of this instance's part in the selector group: it decides, every few milliseconds,
 * which shards this instance must take over, and takes them.
 *
 * <p>The group has no consumer group and no rebalance. Each instance publishes a heartbeat
 * every {@code selector.heartbeat.interval.ms} naming the shards it owns ({@link
 * SelectorHeartbeater}) and reads everyone's on the broker's clock ({@link GroupView}). A shard
 * whose owner is silent for {@code selector.failure.timeout.ms}, or that nobody owns, is taken by
 * the live instance that ranks first for it ({@link ShardElection}). Taking a shard over is:
 * <ol>
 *   <li>announce the claim in the heartbeats for two heartbeat intervals, and back off if another
 *       instance claimed it meanwhile (instances that start together would otherwise fence each
 *       other in turn); not when the owner died and no other instance is alive;</li>
 *   <li>start a {@link ShardWorker} at once from the state the {@link StateTail} has read so far: it
 *       re-reads each node's outputs from where that state says and decides, but writes nothing
 *       until its {@link WriteGate} opens;</li>
 *   <li>meanwhile, {@code initTransactions()} on the shard's fixed transactional id, with a producer
 *       kept warm for it: this aborts the old owner's open transaction at once, so read_committed
 *       egress is never blocked, and fences the old owner should it wake up;</li>
 *   <li>wait until the tail has read the state topic up to its end as it stands once the old owner
 *       is fenced, and open the worker's gate if the state is the one it started from; if the old
 *       owner had committed once more, that worker stops unwritten and a new one starts from the
 *       state at the end: either way the new owner goes on from exactly what was emitted.</li>
 * </ol>
 * A worker that is fenced (another instance took the shard) or fails stops; this instance is then
 * a standby for that shard again.
 */
public final class SelectorGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SelectorGroup.class);
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(15);
    /** Synthetic outputs run through the record path at start ({@link RecordPathWarmUp}): C1 and C2 compile it. */
    private static final int WARM_UP_RECORDS = 20_000;

    /** How the group makes the Kafka clients it needs (so the wiring stays in one place). */
    public interface Clients {
        Producer<String, byte[]> shardProducer(String transactionalId);

        Consumer<String, byte[]> shardConsumer(int shard);

        /** A read_committed consumer for a shard worker's look-ups of digests emitted before its takeover. */
        Consumer<String, byte[]> lookupConsumer(int shard);

        /** An admin client, for the state topic's read_committed end offsets (used by the driver thread only). */
        Admin admin();
    }

    private final String instanceId;
    private final TopicNames topics;
    private final int shardCount;
    private final int partitionCount;
    private final long failureTimeoutMs;
    private final long announceDelayMs;
    private final GroupView view;
    private final StateTail stateTail;
    private final Clients clients;
    private final ShardWorker.Context workerContext;
    private final StatusBoard board;
    private final Map<Integer, ShardWorker> workers = new ConcurrentSkipListMap<>();
    /** The shard being taken over, announced already so that no other instance claims it meanwhile; -1 when none. */
    private volatile int claiming = -1;
    private final Map<Integer, Producer<String, byte[]>> warm = new TreeMap<>();
    /** Per shard not owned here, a reader ready for a takeover (touched by the driver thread only). */
    private final Map<Integer, WarmReader> warmReaders = new TreeMap<>();
    private final Admin admin;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** The nodes whose output schemas the codecs hold; empty until the codecs were warmed. */
    private final Set<String> warmedNodes = new TreeSet<>();
    private long lastWarmAt = Long.MIN_VALUE;

    /**
     * @param announceDelayMs how long a claim is announced before the fence (about two heartbeat
     *                        intervals): an instance that sees another's claim in that time backs off
     */
    public SelectorGroup(String instanceId, TopicNames topics, int shardCount, int partitionCount, long failureTimeoutMs,
                         long announceDelayMs, GroupView view, Consumer<String, SelectorState> stateConsumer, Clients clients,
                         ShardWorker.Context workerContext, StatusBoard board) {
        this.instanceId = instanceId;
        this.topics = topics;
        this.shardCount = shardCount;
        this.partitionCount = partitionCount;
        this.failureTimeoutMs = failureTimeoutMs;
        this.announceDelayMs = announceDelayMs;
        this.view = view;
        this.clients = clients;
        this.workerContext = workerContext;
        this.board = board;
        this.stateTail = new StateTail(stateConsumer, topics.selectorState());
        this.admin = clients.admin();
        this.thread = new Thread(this::run, "understudy-selector-group");
        this.thread.setDaemon(true);
    }

    /** The fixed transactional id of a shard: the same on every instance, so a new owner fences the old. */
    public static String transactionalId(TopicNames topics, int shard) {
        return EgressSelector.transactionalIdPrefix(topics) + shard;
    }

    /** The ingress partitions of a shard, in order. */
    public List<Integer> partitionsOf(int shard) {
        return IntStream.range(0, partitionCount).filter(p -> ShardElection.shardOf(p, shardCount) == shard).boxed().toList();
    }

    public SelectorGroup start() {
        Thread warmUp = new Thread(() -> RecordPathWarmUp.run(workerContext.codecs(), topics, workerContext.policy(),
                WARM_UP_RECORDS), "understudy-selector-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
        stateTail.start();
        for (int shard = 0; shard < shardCount; shard++) {
            warm.put(shard, warmProducer(shard));
        }
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                decide();
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
            log.error("selector group driver stopped: {}", e.toString(), e);
        }
    }

    /**
     * Keeps the codecs holding every schema a takeover needs (once a second at most, until every
     * known node's output schema is held), so that a takeover makes no registry request.
     */
    private void warmCodecs() {
        long now = System.nanoTime();
        if (lastWarmAt != Long.MIN_VALUE && now - lastWarmAt < 1_000_000_000L) {
            return;
        }
        Set<String> nodes = new TreeSet<>();
        workerContext.liveness().nodes().forEach(node -> nodes.add(node.nodeId()));
        if (!warmedNodes.isEmpty() && warmedNodes.containsAll(nodes)) {
            return;
        }
        lastWarmAt = now;
        if (workerContext.codecs().warm(topics, nodes)) {
            warmedNodes.addAll(nodes);
        }
    }

    /** One round: take every shard that is unowned or whose owner went silent, and that ranks us first. */
    private synchronized void decide() throws InterruptedException {
        warmCodecs();
        warmReaders();
        if (!view.caughtUp() || !view.alive(instanceId, failureTimeoutMs)) {
            return; // not before we know who is alive, ourselves included (after a pause we re-read first)
        }
        List<String> live = view.live(failureTimeoutMs);
        for (int shard = 0; shard < shardCount && running; shard++) {
            if (workers.containsKey(shard) || view.liveOwner(shard, instanceId, failureTimeoutMs).isPresent()) {
                continue;
            }
            if (ShardElection.preferredOwner(shard, live).filter(instanceId::equals).isPresent()) {
                Optional<String> previous = view.lastOwner(shard).filter(owner -> !owner.equals(instanceId));
                takeOver(shard, previous.map(owner -> "owner " + owner + " silent").orElse("unowned"),
                        previous.orElse(null), previous.isEmpty() || live.size() > 1);
            }
        }
    }

    /**
     * @param contested whether another instance might claim the shard too: always for a shard nobody
     *                  owned yet (at start-up, instances come up one by one and may not have heard
     *                  each other yet), and for a silent owner's shard when another instance is alive.
     *                  When the owner died and this is the only live instance left (the usual pair),
     *                  the claim is not announced first: there is nobody to announce it to, and
     *                  fencing makes even a newcomer's simultaneous claim safe (the later fence wins)
     */
    private void takeOver(int shard, String cause, String previousOwner, boolean contested) throws InterruptedException {
        long started = System.nanoTime();
        claiming = shard;
        if (contested) {
            Thread.sleep(announceDelayMs); // let the claim reach the others before fencing: two rarely fence each other
        }
        if (view.liveOwner(shard, instanceId, failureTimeoutMs).isPresent()) {
            claiming = -1;
            return; // someone else claimed it first
        }
        Producer<String, byte[]> producer = warm.remove(shard);
        if (producer == null) {
            producer = warmProducer(shard);
        }
        List<Integer> partitions = partitionsOf(shard);
        // started at once from the state tailed so far; it reads and decides during the fence, and writes once confirmed
        Map<Integer, SelectorState> speculated = stateTail.states(partitions);
        WriteGate gate = new WriteGate();
        ShardWorker worker = startWorker(shard, partitions, speculated, producer, gate);
        try {
            producer.initTransactions(); // fences the old owner and aborts its open transaction
            long fencedNanos = System.nanoTime();
            Map<TopicPartition, Long> ends = committedEnds(partitions);
            long endsNanos = System.nanoTime();
            stateTail.awaitReached(ends, TAKEOVER_TIMEOUT);
            long stateNanos = System.nanoTime();
            Map<Integer, SelectorState> states = stateTail.states(partitions);
            boolean confirmed = states.equals(speculated);
            if (confirmed) {
                gate.open();
            } else {
                // the old owner committed once more after the tail's read: start again from what it committed
                worker.close(); // refuses its gate: it wrote nothing
                workers.remove(shard);
                producer = warmProducer(shard);
                producer.initTransactions();
                startWorker(shard, partitions, states, producer, WriteGate.opened());
            }
            long done = System.nanoTime();
            board.tookOver(shard, cause.startsWith("owner") ? "owner_silent" : "unowned");
            log.warn("{}", DecisionLine.of("takeover").with("shard", shard).with("partitions", partitions)
                    .with("instance", instanceId).with("from", previousOwner).with("reason", cause).with("contested", contested)
                    .with("fence_ms", (fencedNanos - started) / 1_000_000).with("state_end_ms", (endsNanos - fencedNanos) / 1_000_000)
                    .with("state_read_ms", (stateNanos - endsNanos) / 1_000_000).with("state_confirmed", confirmed)
                    .with("ready_ms", (done - started) / 1_000_000));
        } catch (RuntimeException e) {
            log.error("taking shard {} over failed, will retry: {}", shard, e.toString());
            ShardWorker unconfirmed = workers.remove(shard);
            if (unconfirmed != null) {
                unconfirmed.close(); // refuses its gate; it closes its producer and consumer
            }
            producer.close(Duration.ZERO);
            warm.put(shard, warmProducer(shard));
        } finally {
            claiming = -1;
        }
    }

    /**
     * Starts a worker for the shard from the given states, on this shard's warm reader (or a new
     * consumer), writing through {@code producer} once {@code gate} opens.
     */
    private ShardWorker startWorker(int shard, List<Integer> partitions, Map<Integer, SelectorState> states,
                                    Producer<String, byte[]> producer, WriteGate gate) {
        WarmReader reader = warmReaders.remove(shard);
        if (reader == null) {
            reader = new WarmReader(clients.shardConsumer(shard), Set.of());
        }
        ShardWorker worker = new ShardWorker(shard, partitions, states, workerContext, producer, reader.consumer(),
                () -> clients.lookupConsumer(shard), reader.topics(), gate, this::workerStopped);
        workers.put(shard, worker);
        return worker.start(); // the worker owns the reader's consumer now
    }

    /** The read_committed end (last stable offset) of the state topic's partitions, now that the old owner is fenced. */
    private Map<TopicPartition, Long> committedEnds(List<Integer> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        partitions.forEach(p -> latest.put(new TopicPartition(topics.selectorState(), p), OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end of " + topics.selectorState() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void workerStopped(int shard, boolean fenced, String why) {
        synchronized (this) {
            workers.remove(shard);
            if (running) {
                warm.put(shard, warmProducer(shard));
            }
        }
        board.lost(shard, fenced ? "fenced" : "failed");
        log.warn("{}", DecisionLine.of(fenced ? "fenced" : "shard_stopped").with("shard", shard)
                .with("instance", instanceId).with("reason", why));
    }

    /** A producer on the shard's transactional id with its metadata fetched, but not initialized (that would fence the owner). */
    private Producer<String, byte[]> warmProducer(int shard) {
        Producer<String, byte[]> producer = clients.shardProducer(transactionalId(topics, shard));
        try {
            producer.partitionsFor(topics.egress());
            producer.partitionsFor(topics.selectorState());
            producer.partitionsFor(topics.leadership());
        } catch (RuntimeException e) {
            log.warn("warming the producer of shard {} failed (it will be retried at takeover): {}", shard, e.toString());
        }
        return producer;
    }

    /**
     * A shard worker's consumer made ready before it is needed: connected, the topics listed, the
     * shard's command and node output partitions assigned and paused, their metadata fetched by one
     * poll. A takeover then only seeks, resumes and fetches: measured on a loaded 2-core machine, a
     * new owner read its first record 85-166 ms after it started without this.
     */
    record WarmReader(Consumer<String, byte[]> consumer, Set<String> topics) {
    }

    /** Makes a warm reader for every shard not owned here that has none (driver thread). */
    private void warmReaders() {
        for (int shard = 0; shard < shardCount; shard++) {
            if (!workers.containsKey(shard) && !warmReaders.containsKey(shard)) {
                warmReaders.put(shard, warmReader(shard));
            }
        }
    }

    private WarmReader warmReader(int shard) {
        Consumer<String, byte[]> consumer = clients.shardConsumer(shard);
        try {
            Set<String> topicNames = new TreeSet<>(consumer.listTopics(Duration.ofSeconds(5)).keySet());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int partition : partitionsOf(shard)) {
                partitions.add(new TopicPartition(topics.selectorCommands(), partition));
                for (String topic : topicNames) {
                    if (topics.nodeIdOf(topic).isPresent()) {
                        partitions.add(new TopicPartition(topic, partition));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.pause(partitions);
            consumer.poll(Duration.ofMillis(100)); // metadata of the assigned topics; nothing is fetched while paused
            try {
                committedEnds(partitionsOf(shard)); // the admin client's metadata too
            } catch (RuntimeException e) {
                log.debug("warming the admin client for shard {} failed: {}", shard, e.toString());
            }
            return new WarmReader(consumer, topicNames);
        } catch (RuntimeException e) {
            log.warn("warming the reader of shard {} failed (it connects at takeover): {}", shard, e.toString());
            return new WarmReader(consumer, Set.of());
        }
    }

    /** The shards this instance owns now, in order. */
    public List<Integer> ownedShards() {
        return new ArrayList<>(workers.keySet());
    }

    /** What the heartbeats announce: the shards owned, and the one being taken over. */
    List<Integer> announcedShards() {
        List<Integer> announced = ownedShards();
        int claim = claiming;
        if (claim >= 0 && !announced.contains(claim)) {
            announced.add(claim);
            announced.sort(null);
        }
        return announced;
    }

    public int shardCount() {
        return shardCount;
    }

    public GroupView view() {
        return view;
    }

    /** Why the group cannot work, or null when its threads run. */
    public String failure() {
        if (failure != null) {
            return "group driver: " + failure;
        }
        if (!stateTail.alive()) {
            return "state tail stopped";
        }
        return null;
    }

    /** A heartbeat announcing this instance's shards. */
    public SelectorHeartbeat heartbeat(String incarnation) {
        return SelectorHeartbeat.newBuilder().setInstanceId(instanceId).setIncarnation(incarnation)
                .setSentAt(System.currentTimeMillis()).setShardCount(shardCount).setOwned(announcedShards()).build();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.values().forEach(ShardWorker::close);
        workers.clear();
        synchronized (this) {
            warm.values().forEach(p -> p.close(Duration.ZERO));
            warm.clear();
            warmReaders.values().forEach(r -> r.consumer().close(Duration.ZERO));
            warmReaders.clear();
        }
        stateTail.close();
        admin.close(Duration.ZERO);
    }
}
