package io.understudy.selector.internals.routing;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.status.StatusBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active selector of one shard: reads the node outputs and commands of the shard's partitions
 * (assigned, never subscribed: no consumer group, no rebalance), feeds them to one {@link
 * PartitionSelection} per partition, and writes egress, decisions, resync orders, dead letters and
 * each changed partition's {@link SelectorState} through the shard's transactional producer, one
 * transaction per commit interval.
 *
 * <p>The producer holds the shard's fixed transactional id, so a standby that takes the shard over
 * fences this worker: its next send or commit fails with {@link ProducerFencedException}, nothing
 * it wrote after the takeover becomes visible, and the worker stops ({@link Listener#stopped}).
 * Any other failure stops it too: its memory may then be ahead of what was committed, and the
 * group takes the shard again from the committed state.
 *
 * <p>A new owner's worker starts before its takeover is confirmed (see {@link WriteGate}): it
 * reads and decides while the old owner is being fenced, and its first write waits for the gate.
 */
public final class ShardWorker implements AutoCloseable {

    /** The sender named in the resync orders the selector writes to the sync topic. */
    public static final String SYNC_SENDER = "egress-selector";

    private static final Logger log = LoggerFactory.getLogger(ShardWorker.class);
    private static final long DISCOVERY_INTERVAL_MS = 1_000;
    /** Writes held in memory while the takeover is being confirmed; past it the worker waits for the gate. */
    private static final int MAX_HELD_WRITES = 20_000;

    /** Told when the worker stops by itself. */
    @FunctionalInterface
    public interface Listener {
        void stopped(int shard, boolean fenced, String why);
    }

    /** What every worker of a selector shares. */
    public record Context(TopicNames topics, String instanceId, SelectionPolicy policy, BackupElection election,
                          LivenessView liveness, StatusBoard board, SelectorCodecs codecs, long commitIntervalMs,
                          long checkIntervalMs, BooleanSupplier decisionsAllowed) {
    }

    private final int shard;
    private final Context context;
    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    /** Looks up digests of outputs emitted before this worker's takeover, beside {@link #consumer}. */
    private final DigestReader lookups;
    private final Listener listener;
    private final WriteGate gate;
    private final Map<Integer, PartitionSelection> selections = new TreeMap<>();
    /** Topic names used per record, built once (each {@link TopicNames} call concatenates a new string). */
    private final String commandsTopic;
    private final String egressTopic;
    private final Set<String> knownOutputTopics = new HashSet<>();
    /** The topics listed before the worker started (empty: list them at start). */
    private final Set<String> topicsAtStart;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean inTransaction;
    private long transactionStartedAt;
    /** When the worker started, until its first commit has been logged (0 after). */
    private long startedNanos;
    private long recordsBeforeFirstCommit;
    private long firstRecordNanos;
    private long firstSendNanos;
    /** The writes, held behind the gate until the takeover is confirmed. */
    private final GatedWriter<ProducerRecord<String, byte[]>> writes;

    /**
     * @param producer a transactional producer on the shard's id, {@code initTransactions()} done by
     *                 the time the gate opens
     * @param states   the committed state of each partition of the shard (absent: fresh partition)
     * @param consumer a consumer of its own; partitions it has assigned and paused already are resumed
     *                 once positioned
     * @param lookupConsumers makes a read_committed consumer for the {@link DigestReader}, at its first look-up
     * @param topicsAtStart the cluster's topics as listed just before (empty: the worker lists them)
     * @param gate     opened once the takeover is confirmed; the producer is used only after that, so
     *                 its {@code initTransactions()} may still be under way when the worker starts
     */
    public ShardWorker(int shard, List<Integer> partitions, Map<Integer, SelectorState> states, Context context,
                       Producer<String, byte[]> producer, Consumer<String, byte[]> consumer,
                       Supplier<Consumer<String, byte[]>> lookupConsumers, Set<String> topicsAtStart,
                       WriteGate gate, Listener listener) {
        this.shard = shard;
        this.topicsAtStart = topicsAtStart;
        this.context = context;
        this.producer = producer;
        this.consumer = consumer;
        this.listener = listener;
        this.lookups = new DigestReader(context.topics(), lookupConsumers, context.codecs().outputs());
        this.commandsTopic = context.topics().selectorCommands();
        this.egressTopic = context.topics().egress();
        this.gate = gate;
        this.writes = new GatedWriter<>(gate, this::write, MAX_HELD_WRITES);
        SelectionSink sink = new TransactionalSink();
        for (int partition : partitions) {
            selections.put(partition, new PartitionSelection(partition, states.get(partition), context.policy(),
                    context.election(), context.board(), sink, System::currentTimeMillis));
            context.board().opened(partition);
        }
        this.thread = new Thread(this::run, "understudy-selector-shard-" + shard);
    }

    public ShardWorker start() {
        thread.start();
        return this;
    }

    private void run() {
        boolean fenced = false;
        String why = "closed";
        startedNanos = System.nanoTime();
        try {
            assignCommands();
            discoverOutputTopics(topicsAtStart.isEmpty() ? listTopics() : topicsAtStart);
            consumer.resume(consumer.assignment()); // a warm consumer's partitions wait paused until positioned
            long lastDiscovery = System.currentTimeMillis();
            long lastCheck = 0;
            while (running) {
                long wall = System.currentTimeMillis();
                if (wall - lastDiscovery >= DISCOVERY_INTERVAL_MS) {
                    discoverOutputTopics(listTopics());
                    lastDiscovery = wall;
                }
                // writes wait for the gate, or a look-up is being read: look again soon
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(
                        writes.holding() || lookups.active() ? 2 : context.checkIntervalMs()));
                if (startedNanos != 0 && !records.isEmpty()) { // timing of the first commit, per poll
                    firstRecordNanos = firstRecordNanos == 0 ? System.nanoTime() : firstRecordNanos;
                    recordsBeforeFirstCommit += records.count();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    route(record);
                }
                lookups.step(selections.values());
                writes.releaseIfOpen();
                wall = System.currentTimeMillis();
                if (wall - lastCheck >= context.checkIntervalMs() && context.decisionsAllowed().getAsBoolean()) {
                    long now = context.liveness().now();
                    for (PartitionSelection selection : selections.values()) {
                        selection.check(now);
                    }
                    lastCheck = wall;
                }
                if (inTransaction && wall - transactionStartedAt >= context.commitIntervalMs()) {
                    commit();
                }
            }
        } catch (WakeupException e) {
            if (inTransaction) {
                commit(); // a clean stop hands over exactly what was emitted
            }
        } catch (WriteGate.Refused e) {
            why = "takeover not confirmed, nothing written: " + e.getMessage();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            fenced = true;
            why = "fenced: another selector instance took shard " + shard + " over (" + e.getMessage() + ")";
        } catch (Throwable e) {
            why = e.toString();
            log.error("shard {} stopped: {}", shard, e.toString(), e);
        } finally {
            selections.keySet().forEach(context.board()::closed);
            producer.close(Duration.ZERO);
            consumer.close(Duration.ZERO);
            lookups.close();
        }
        if (running) {
            listener.stopped(shard, fenced, why);
        }
    }

    private void assignCommands() {
        List<TopicPartition> assignment = new ArrayList<>(consumer.assignment());
        for (int partition : selections.keySet()) {
            assignment.add(new TopicPartition(context.topics().selectorCommands(), partition));
        }
        consumer.assign(assignment);
        for (PartitionSelection selection : selections.values()) {
            consumer.seek(new TopicPartition(context.topics().selectorCommands(), selection.partition()),
                    selection.commandsPosition());
        }
    }

    private Set<String> listTopics() {
        return new TreeSet<>(consumer.listTopics(Duration.ofSeconds(5)).keySet());
    }

    /** Assigns the shard's partitions of every node output topic not yet read (nodes may join at any time). */
    private void discoverOutputTopics(Set<String> topics) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : new TreeSet<>(topics)) {
            Optional<String> node = context.topics().nodeIdOf(topic);
            if (node.isEmpty() || !knownOutputTopics.add(topic)) {
                continue;
            }
            for (int partition : selections.keySet()) {
                added.add(new TopicPartition(topic, partition));
            }
        }
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> assignment = new ArrayList<>(consumer.assignment());
        assignment.addAll(added);
        consumer.assign(assignment);
        for (TopicPartition tp : added) {
            String node = context.topics().nodeIdOf(tp.topic()).orElseThrow();
            Long position = selections.get(tp.partition()).resumePositions().get(node);
            if (position == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, position);
            }
        }
        log.info("shard {}: reading {} ({} ms after the worker started)", shard, added,
                startedNanos == 0 ? "-" : Long.toString((System.nanoTime() - startedNanos) / 1_000_000));
    }

    private void route(ConsumerRecord<String, byte[]> record) {
        PartitionSelection selection = selections.get(record.partition());
        long now = context.liveness().now();
        if (record.topic().equals(commandsTopic)) {
            SelectorCommand command = decode(record, context.codecs().commands());
            if (command != null) {
                selection.onCommand(command, record.offset(), now);
            }
            return;
        }
        NodeOutput output = decode(record, context.codecs().outputs());
        if (output != null) {
            selection.onOutput(output, record.offset(), now);
        }
    }

    private <T> T decode(ConsumerRecord<String, byte[]> record, Deserializer<T> decoder) {
        if (record.value() == null) {
            return null;
        }
        try {
            return decoder.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("undecodable record at {}-{} offset {} skipped: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    private void commit() {
        for (PartitionSelection selection : selections.values()) {
            if (selection.dirty()) {
                SelectorState state = selection.snapshot(context.instanceId());
                if (state != null) {
                    send(context.topics().selectorState(), selection.partition(), Integer.toString(selection.partition()),
                            context.codecs().state().serialize(context.topics().selectorState(), state));
                }
            }
        }
        long commitNanos = System.nanoTime();
        producer.commitTransaction();
        inTransaction = false;
        if (startedNanos != 0) {
            long done = System.nanoTime();
            log.info("shard {}: first commit {} ms after the worker started ({} records read; first record at {} ms,"
                    + " first write at {} ms, {} writes held until the takeover was confirmed, commit took {} ms)",
                    shard, (done - startedNanos) / 1_000_000, recordsBeforeFirstCommit, sinceStart(firstRecordNanos),
                    sinceStart(firstSendNanos), writes.heldAtRelease(), (done - commitNanos) / 1_000_000);
            startedNanos = 0;
        }
    }

    /** Milliseconds from the worker's start to {@code nanos}, or "-" when that never happened. */
    private String sinceStart(long nanos) {
        return nanos == 0 ? "-" : Long.toString((nanos - startedNanos) / 1_000_000);
    }

    private void send(String topic, int partition, String key, byte[] value) {
        writes.send(new ProducerRecord<>(topic, partition, key, value));
    }

    private void write(ProducerRecord<String, byte[]> record) {
        if (!inTransaction) {
            if (startedNanos != 0 && firstSendNanos == 0) {
                firstSendNanos = System.nanoTime();
            }
            producer.beginTransaction();
            inTransaction = true;
            transactionStartedAt = System.currentTimeMillis();
        }
        producer.send(record);
    }

    /** Writes a selection's decisions into the open transaction. */
    private final class TransactionalSink implements SelectionSink {
        @Override
        public void egress(EgressRecord record) {
            send(egressTopic, record.getIngressPartition(), record.getFlowId(),
                    context.codecs().egress().serialize(egressTopic, record));
        }

        @Override
        public void leaderChange(LeaderChange change) {
            String topic = context.topics().leadership();
            send(topic, 0, Integer.toString(change.getPartition()), context.codecs().leadership().serialize(topic, change));
        }

        @Override
        public void resync(SyncMessage order) {
            String topic = context.topics().syncOrders();
            send(topic, order.getPartition(), SYNC_SENDER, context.codecs().sync().serialize(topic, order));
        }

        @Override
        public void deadLetter(NodeOutput verdict) {
            String topic = context.topics().deadLetter();
            send(topic, verdict.getIngressPartition(), verdict.getFlowId(),
                    context.codecs().deadLetters().serialize(topic, verdict));
        }
    }

    /**
     * Stops the worker without committing its open transaction (the next owner starts from the last
     * commit); a worker still waiting for its takeover's confirmation stops without writing.
     */
    @Override
    public void close() {
        running = false;
        gate.refuse("the worker was closed");
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
