package io.understudy.selector.routing;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SyncMessage;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.leadership.BackupElection;
import io.understudy.selector.leadership.SelectionPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The selector's Kafka Streams topology: every node output topic (by pattern, so nodes that join
 * later are picked up) and the commands topic into the {@link SelectionProcessor}; its decisions
 * into the leadership topic, its egress into the egress topic (partition p for ingress p), and its
 * resync orders to nodes whose state diverged into the sync topic (partition p as well).
 *
 * <p>All inputs share the ingress partition count, so task p sees partition p of each: the
 * selection runs per partition with no coordination between partitions.
 */
public final class SelectorTopology {

    static final String OUTPUTS_SOURCE = "node-outputs";
    static final String COMMANDS_SOURCE = "commands";
    static final String SELECTION = "selection";
    static final String EGRESS_SINK = "egress";
    static final String LEADERSHIP_SINK = "leadership";
    static final String SYNC_SINK = "sync";
    static final String DEAD_LETTER_SINK = "dead-letter";

    /** The sender named in the resync orders the selector writes to the sync topic. */
    public static final String SYNC_SENDER = "egress-selector";

    private SelectorTopology() {
    }

    /** The decoders and encoders of the records the selector reads and writes. */
    public record Codecs(Deserializer<NodeOutput> outputs, Deserializer<SelectorCommand> commands,
                         Serializer<EgressRecord> egress, Serializer<LeaderChange> leadership,
                         Serializer<SyncMessage> sync, Serializer<NodeOutput> deadLetters) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(TopicNames topics, SelectionPolicy policy, BackupElection election,
                                 Duration checkInterval, Codecs codecs, boolean persistentStores) {
        return build(topics, policy, election, checkInterval, codecs, persistentStores,
                new io.understudy.selector.status.StatusBoard(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /** As above, the selection tasks reporting to {@code board} (the status page and the meters). */
    public static Topology build(TopicNames topics, SelectionPolicy policy, BackupElection election,
                                 Duration checkInterval, Codecs codecs, boolean persistentStores,
                                 io.understudy.selector.status.StatusBoard board) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), OUTPUTS_SOURCE, Serdes.String().deserializer(),
                (Deserializer) codecs.outputs(), topics.nodeOutputPattern());
        topology.addSource(AutoOffsetReset.earliest(), COMMANDS_SOURCE, Serdes.String().deserializer(),
                (Deserializer) codecs.commands(), topics.selectorCommands());
        topology.addProcessor(SELECTION, () -> new SelectionProcessor(policy, election, checkInterval, board),
                OUTPUTS_SOURCE, COMMANDS_SOURCE);
        topology.addStateStore(SelectorStores.leadership(persistentStores), SELECTION);
        topology.addStateStore(SelectorStores.keptOutputs(persistentStores), SELECTION);
        topology.addSink(EGRESS_SINK, topics.egress(), Serdes.String().serializer(), (Serializer) codecs.egress(),
                new EgressPartitioner(), SELECTION);
        topology.addSink(LEADERSHIP_SINK, topics.leadership(), Serdes.String().serializer(),
                (Serializer) codecs.leadership(), new SinglePartition(), SELECTION);
        topology.addSink(SYNC_SINK, topics.sync(), Serdes.String().serializer(), (Serializer) codecs.sync(),
                new SyncPartitioner(), SELECTION);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), Serdes.String().serializer(),
                (Serializer) codecs.deadLetters(), new DeadLetterPartitioner(), SELECTION);
        return topology;
    }

    /** Egress for ingress partition p goes to egress partition p. */
    static final class EgressPartitioner implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(((EgressRecord) value).getIngressPartition()));
        }
    }

    /** A sync message about ingress partition p goes to sync partition p. */
    static final class DeadLetterPartitioner implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(((NodeOutput) value).getIngressPartition()));
        }
    }

    static final class SyncPartitioner implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(((SyncMessage) value).getPartition()));
        }
    }

    /** The leadership topic has one partition: one ordered audit log. */
    static final class SinglePartition implements StreamPartitioner<String, SpecificRecord> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SpecificRecord value, int numPartitions) {
            return Optional.of(Set.of(0));
        }
    }
}
