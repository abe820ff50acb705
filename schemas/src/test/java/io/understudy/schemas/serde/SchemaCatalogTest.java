package io.understudy.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.topics.TopicContract;
import io.understudy.schemas.topics.TopicNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

    @Test
    void listsOneRecordTypePerTopicInContractOrder() {
        assertEquals(List.of(TopicContract.values()),
                SchemaCatalog.entries().stream().map(SchemaCatalog.Entry::topic).toList());
        assertEquals(List.of(TrafficPacket.class, NodeOutput.class, Heartbeat.class, SyncMessage.class, SyncMessage.class,
                        LeaderChange.class, EgressRecord.class, SelectorCommand.class, NodeOutput.class,
                        io.understudy.records.SelectorHeartbeat.class, io.understudy.records.SelectorState.class),
                SchemaCatalog.entries().stream().map(SchemaCatalog.Entry::type).toList());
        SchemaCatalog.entries().forEach(e -> assertEquals(e.type().getName(), e.recordName()));
    }

    @Test
    void fingerprintsAreTheHexCrc64OfEachSchema() {
        Map<String, String> fingerprints = SchemaCatalog.fingerprints();
        assertEquals(9, fingerprints.size());
        assertEquals(String.format("%016x", SchemaNormalization.parsingFingerprint64(TrafficPacket.getClassSchema())),
                fingerprints.get("io.understudy.records.TrafficPacket"));
        assertEquals(String.format("%016x", SchemaNormalization.parsingFingerprint64(SyncMessage.getClassSchema())),
                fingerprints.get("io.understudy.records.SyncMessage"));
        fingerprints.values().forEach(hex -> assertEquals(16, hex.length(), hex));
        assertEquals(9, fingerprints.values().stream().distinct().count());
    }

    @Test
    void registersEveryValueSchemaUnderItsSubjectAndEachNodesTopicsPerNode() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Map<String, Integer> ids = SchemaCatalog.registerAll(registry, TopicNames.defaults(), List.of("a", "b"));

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("understudy.ingress-value", 1);
        expected.put("understudy.node.a.out-value", 2);
        expected.put("understudy.node.b.out-value", 2);
        expected.put("understudy.heartbeats.a-value", 3); // one heartbeats topic per node, the same schema
        expected.put("understudy.heartbeats.b-value", 3);
        expected.put("understudy.sync.a-value", 4); // one sync topic per node and the selector's orders
        expected.put("understudy.sync.b-value", 4);
        expected.put("understudy.sync-value", 4);
        expected.put("understudy.leadership-value", 5);
        expected.put("understudy.egress-value", 6);
        expected.put("understudy.selector.commands-value", 7);
        expected.put("understudy.dead-letter-value", 2); // the same NodeOutput schema as the node outputs
        expected.put("understudy.selector.heartbeats-value", 8);
        expected.put("understudy.selector.state-value", 9);
        assertEquals(expected, ids);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(ids.keySet()));
        assertEquals(Heartbeat.getClassSchema(), registry.schemaById(3));
        assertEquals(ids, SchemaCatalog.registerAll(registry, TopicNames.defaults(), List.of("a", "b")),
                "registering again changes nothing");
    }
}
