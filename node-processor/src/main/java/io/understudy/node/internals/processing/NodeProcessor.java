package io.understudy.node.internals.processing;

import io.understudy.node.internals.PartitionLog;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.internals.sync.BackupSide;
import io.understudy.node.internals.sync.CorruptionHook;
import io.understudy.node.internals.sync.LeaderSide;
import io.understudy.node.internals.sync.Outbox;
import io.understudy.node.internals.sync.ProbeVerifier;
import io.understudy.node.internals.sync.Stash;
import io.understudy.node.internals.sync.SyncContext;
import io.understudy.node.internals.traffic.TrafficPath;
import io.understudy.observability.DecisionLine;
import io.understudy.records.Checkpoint;
import io.understudy.records.CheckpointAck;
import io.understudy.records.NodeOutput;
import io.understudy.records.Resync;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncProbe;
import io.understudy.records.SyncRequest;
import io.understudy.schemas.topics.TopicNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingress partition of a node (one Kafka Streams task), fed by partition p of the ingress
 * topic and partition p of every sync topic: each node's own ({@code sync.<id>}) and the
 * selector's resync orders ({@code sync}). The topic, not the message, says who sent a message: a
 * message claiming another sender is ignored ({@code decision=sync_impersonation_ignored}).
 *
 * <p>An ingress record goes through the traffic function while the partition is synchronized,
 * answered by exactly one {@code NodeOutput}; otherwise into the stash. A sync message goes to the
 * leader's side ({@link LeaderSide}: requests, acknowledgements) or the backup's ({@link
 * BackupSide}: checkpoints, declarations, resync orders; {@link ProbeVerifier}: probes). They all
 * share the partition's {@link PartitionState}, and everything a record or punctuation changes (flows, status, stash,
 * outputs, sync messages) commits in one transaction with the consumed offsets (exactly-once).
 */
public final class NodeProcessor implements Processor<String, byte[], String, SpecificRecord>, Outbox {

    private static final Logger log = LoggerFactory.getLogger(NodeProcessor.class);

    private final NodeTopology.Parts parts;
    private final TopicNames topics;
    private final String ingressTopic;
    private final CorruptionHook corruptionHook;

    private ProcessorContext<String, SpecificRecord> context;
    private PartitionState state;
    private TrafficPath traffic;
    private LeaderSide leader;
    private BackupSide backup;
    private ProbeVerifier probes;
    /** This task's logger, every line prefixed with the node and partition. */
    private PartitionLog partitionLog;
    /** The topics and claimed senders of the impersonations this task has logged (each once). */
    private final java.util.Set<String> impersonationsLogged = new java.util.TreeSet<>();
    /** The last ingress offset this task instance was handed, or -1 before its first. */
    private long previousIngress = -1;

    NodeProcessor(NodeTopology.Parts parts, TopicNames topics, CorruptionHook corruptionHook) {
        this.parts = parts;
        this.topics = topics;
        this.ingressTopic = topics.ingress();
        this.corruptionHook = corruptionHook;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        int partition = context.taskId().partition();
        ProgressBoard board = parts.board();
        PartitionStatus ifAbsent = parts.sync().startsSynchronized() ? PartitionStatus.synchronizedFromStart()
                : PartitionStatus.unsynced("new on this partition");
        state = PartitionState.load(partition, context.getStateStore(NodeStores.FLOWS),
                context.getStateStore(NodeStores.PARTITION_STATUS), ifAbsent, status -> board.update(partition, status));
        traffic = new TrafficPath(parts.nodeId(), parts.function(), parts.packets(), ingressTopic);
        SyncContext sync = new SyncContext(parts.nodeId(), parts.staticInfo(), parts.sync(), parts.leaders(),
                parts.counters(), this, state);
        partitionLog = PartitionLog.of(NodeProcessor.class, parts.nodeId(), partition);
        leader = new LeaderSide(sync);
        probes = new ProbeVerifier(sync);
        backup = new BackupSide(sync, new Stash(context.getStateStore(NodeStores.STASH)),
                context.getStateStore(NodeStores.SYNC_PROGRESS), traffic, probes);
        backup.init(parts.ingressStartPositions().take(partition), parts.reset().applies());
        // The status reaches its store at the first record or punctuation, not here, and so do the
        // deletes of a state reset: the stores are cached, and a cached store cannot be written while a
        // task initializes (no record context). Nothing is lost by waiting: a write made here would only
        // commit with the first transaction.
        board.update(partition, state.status());
        context.schedule(parts.sync().requestInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        if (!parts.sync().probeInterval().isZero()) {
            context.schedule(parts.sync().probeInterval(), PunctuationType.WALL_CLOCK_TIME, this::probe);
        }
        PartitionStatus status = state.status();
        log.info("node {} took partition {}: {} from offset {}, last offset {}{}", parts.nodeId(), partition,
                status.syncState(), status.syncedFrom(), status.lastOffset(),
                status.detail().isEmpty() ? "" : " (" + status.detail() + ")");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        state.open();
        RecordMetadata position = context.recordMetadata().orElseThrow();
        long now = context.currentSystemTimeMs();
        if (position.topic().equals(ingressTopic)) {
            onIngress(position.offset(), record, now);
        } else {
            onSyncMessage(position, record.value(), now);
        }
        state.flush();
    }

    private void onIngress(long offset, Record<String, byte[]> record, long now) {
        long previous = previousIngress;
        previousIngress = offset;
        parts.meters().ingress();
        PartitionStatus status = state.status();
        if (!status.isSynchronized()) {
            backup.onIngress(offset, previous, record.key(), record.value(), record.timestamp(), now);
            return;
        }
        if (offset <= status.lastOffset()) {
            if (offset >= status.syncedFrom()) {
                // Cannot happen under exactly-once (state and position commit together); never answer twice.
                partitionLog.warn("offset {} already applied (last {}), skipped", offset, status.lastOffset());
            }
            return; // below syncedFrom: part of the checkpoint this node installed
        }
        TrafficPath.Applied applied = traffic.apply(state, offset, record.key(), record.value(), record.timestamp());
        output(applied.output(), record.timestamp());
        if (applied.removedFlow() != null) {
            leader.flowRemoved(applied.removedFlow());
        }
        leader.afterRecord(ingressBytes(record), now);
        probes.afterRecord();
        if (corruptionHook != null && backup.synchronizedHere()) {
            corruptionHook.afterRecord(parts.nodeId(), state);
        }
    }

    private static long ingressBytes(Record<String, byte[]> record) {
        return (record.key() == null ? 0 : record.key().length()) + (record.value() == null ? 0 : record.value().length);
    }

    private void onSyncMessage(RecordMetadata position, byte[] value, long now) {
        SyncMessage message;
        try {
            message = value == null ? null : parts.syncDecoder().deserialize(position.topic(), value);
        } catch (RuntimeException e) {
            log.warn("node {}: undecodable sync message at {}-{} offset {} skipped: {}", parts.nodeId(), position.topic(),
                    position.partition(), position.offset(), e.getMessage());
            return;
        }
        if (message == null || message.getSender().equals(parts.nodeId())) {
            return;
        }
        if (!writtenByItsSender(position, message)) {
            return;
        }
        if (message.getPartition() != state.partition()) {
            log.warn("node {}: sync message from {} at {}-{} offset {} is about partition {}, skipped", parts.nodeId(),
                    message.getSender(), position.topic(), position.partition(), position.offset(), message.getPartition());
            return;
        }
        String recipient = message.getRecipient();
        if (recipient != null && !recipient.equals(parts.nodeId())) {
            return;
        }
        String sender = message.getSender();
        boolean addressed = recipient != null;
        Object body = message.getBody();
        if (body instanceof SyncRequest request) {
            leader.onRequest(sender, request, now);
        } else if (body instanceof CheckpointAck ack && addressed) {
            leader.onAck(sender, ack, now);
        } else if (body instanceof Checkpoint checkpoint && addressed) {
            backup.onCheckpoint(sender, checkpoint, now);
        } else if (body instanceof SyncDeclaration declaration && addressed) {
            backup.onDeclaration(sender, declaration, now);
        } else if (body instanceof SyncProbe probe) {
            probes.onProbe(sender, probe);
        } else if (body instanceof Resync resync && addressed) {
            backup.onResync(sender, resync, now);
        }
    }

    /**
     * True when the message claims the sender its topic belongs to: a node's messages on its own
     * sync topic ({@code sync.<id>}, which only that node's principal may write), resync orders on
     * the selector's ({@code sync}). Anything else is a node speaking for another (or for the
     * selector): ignored, counted and logged, so that ACLs, not the message, decide who speaks.
     */
    private boolean writtenByItsSender(RecordMetadata position, SyncMessage message) {
        String topic = position.topic();
        boolean resync = message.getBody() instanceof Resync;
        java.util.Optional<String> writer = topics.syncNodeOf(topic);
        boolean genuine = writer.isPresent() ? writer.get().equals(message.getSender()) && !resync
                : topic.equals(topics.syncOrders()) && resync;
        if (!genuine) {
            parts.meters().impersonationIgnored(topic);
            if (impersonationsLogged.size() >= 100 || !impersonationsLogged.add(topic + "\u0000" + message.getSender())) {
                return false; // counted; logged once per topic and claimed sender (the first 100 of them)
            }
            log.warn("{}", DecisionLine.of("sync_impersonation_ignored").with("node", parts.nodeId())
                    .with("topic", topic).with("partition", position.partition()).with("offset", position.offset())
                    .with("claimed_sender", message.getSender())
                    .with("writer", writer.orElse(topic.equals(topics.syncOrders()) ? "egress-selector" : "?"))
                    .with("body", message.getBody() == null ? null : message.getBody().getClass().getSimpleName()));
        }
        return genuine;
    }

    private void tick(long now) {
        state.open();
        backup.tick(now);
        leader.tick(now);
        state.flush();
    }

    private void probe(long now) {
        state.open();
        leader.probe(now);
        state.flush();
    }

    @Override
    public void output(NodeOutput output, long timestamp) {
        parts.meters().output(output);
        context.forward(new Record<>(output.getFlowId(), (SpecificRecord) output, timestamp), NodeTopology.OUTPUT_SINK);
    }

    @Override
    public void send(SyncMessage message) {
        context.forward(new Record<>(message.getSender(), (SpecificRecord) message, context.currentSystemTimeMs()),
                NodeTopology.SYNC_SINK);
    }

    @Override
    public void close() {
        parts.board().remove(state.partition());
    }
}
