package io.understudy.selector.internals.routing;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.serde.AvroDeserializer;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.serde.AvroSerializer;
import io.understudy.schemas.topics.TopicNames;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The decoders and encoders of the records a shard worker reads and writes (Confluent wire format). */
public record SelectorCodecs(AvroDeserializer<NodeOutput> outputs, AvroDeserializer<SelectorCommand> commands,
                             AvroSerializer<EgressRecord> egress, AvroSerializer<LeaderChange> leadership,
                             AvroSerializer<SyncMessage> sync, AvroSerializer<NodeOutput> deadLetters,
                             AvroSerializer<SelectorState> state) {

    private static final Logger log = LoggerFactory.getLogger(SelectorCodecs.class);

    /**
     * Asks the schema registry now for every schema a shard worker will need, so that a takeover
     * makes no registry request: measured on a loaded 2-core machine, the first records of a new
     * owner otherwise waited for five registry round trips before its first commit.
     *
     * @param nodes the nodes whose output topics are known so far
     * @return true when every schema was found (a node that wrote nothing yet has none: call again later)
     */
    public boolean warm(TopicNames topics, Collection<String> nodes) {
        try {
            egress.prepare(topics.egress());
            leadership.prepare(topics.leadership());
            sync.prepare(topics.syncOrders());
            deadLetters.prepare(topics.deadLetter());
            state.prepare(topics.selectorState());
            commands.prepare(topics.selectorCommands());
            boolean all = !nodes.isEmpty();
            for (String node : nodes) {
                all &= outputs.prepare(topics.nodeOutput(node));
            }
            return all;
        } catch (RuntimeException e) {
            log.warn("could not fetch the schemas a takeover needs (it will fetch them then): {}", e.getMessage());
            return false;
        }
    }

    public static SelectorCodecs of(SchemaRegistry registry) {
        return new SelectorCodecs(
                AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                AvroSerde.forValues(SelectorCommand.class, registry).deserializer(),
                AvroSerde.forValues(EgressRecord.class, registry).serializer(),
                AvroSerde.forValues(LeaderChange.class, registry).serializer(),
                AvroSerde.forValues(SyncMessage.class, registry).serializer(),
                AvroSerde.forValues(NodeOutput.class, registry).serializer(),
                AvroSerde.forValues(SelectorState.class, registry).serializer());
    }
}
