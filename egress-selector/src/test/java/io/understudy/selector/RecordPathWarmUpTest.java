package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.EgressRecord;
import io.understudy.records.NodeOutput;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.routing.RecordPathWarmUp;
import io.understudy.selector.internals.routing.SelectorCodecs;
import org.junit.jupiter.api.Test;

class RecordPathWarmUpTest {

    private final TopicNames topics = TopicNames.defaults();

    @Test
    void runsEverySyntheticOutputThroughDecodeSelectAndEncode() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        SelectorCodecs codecs = SelectorCodecs.of(registry);

        assertEquals(3_000, RecordPathWarmUp.run(codecs, topics, SelectorHarness.POLICY, 3_000));

        // the egress schema was resolved by encoding egress records: the selection emitted them
        assertTrue(registry.idOf(topics.egress() + "-value", EgressRecord.getClassSchema()) > 0);
        assertTrue(registry.idOf(topics.deadLetter() + "-value", NodeOutput.getClassSchema()) > 0);
    }

    @Test
    void aRegistryThatRefusesSkipsTheWarmUpWithoutFailing() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        SelectorCodecs refusing = new SelectorCodecs(
                AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                AvroSerde.forValues(io.understudy.records.SelectorCommand.class, registry).deserializer(),
                AvroSerde.forValues(EgressRecord.class, registry).withAutoRegister(false).serializer(),
                AvroSerde.forValues(io.understudy.records.LeaderChange.class, registry).withAutoRegister(false).serializer(),
                AvroSerde.forValues(io.understudy.records.SyncMessage.class, registry).withAutoRegister(false).serializer(),
                AvroSerde.forValues(NodeOutput.class, registry).withAutoRegister(false).serializer(),
                AvroSerde.forValues(io.understudy.records.SelectorState.class, registry).withAutoRegister(false).serializer());

        assertEquals(-1, RecordPathWarmUp.run(refusing, topics, SelectorHarness.POLICY, 10),
                "nothing is registered and the serializers may not register: the warm-up stops, nothing thrown");
    }
}
