package io.understudy.selector.routing;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The decoders and encoders of the records a shard worker reads and writes (Confluent wire format). */
public record SelectorCodecs(Deserializer<NodeOutput> outputs, Deserializer<SelectorCommand> commands,
                             Serializer<EgressRecord> egress, Serializer<LeaderChange> leadership,
                             Serializer<SyncMessage> sync, Serializer<NodeOutput> deadLetters,
                             Serializer<SelectorState> state) {

    public static SelectorCodecs of(SchemaRegistryClient registry) {
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
