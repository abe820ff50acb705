package io.understudy.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.Heartbeat;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String TOPIC = "understudy.ingress";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
    private final TrafficPacket packet = SampleRecords.trafficPacket("flow-9", 3);

    @Test
    void roundTripsEveryRecordTypeOfTheCatalog() {
        for (SchemaCatalog.Entry entry : SchemaCatalog.entries()) {
            SpecificRecord record = SampleRecords.forTopic(entry.topic());
            assertEquals(entry.type(), record.getClass());
            assertEquals(record, roundTrip(entry.type(), record), entry.recordName());
        }
    }

    @Test
    void framesRecordsAsMagicByteSchemaIdAndAvroBinary() throws IOException {
        registry.register("unrelated-value", Heartbeat.getClassSchema()); // id 1, so the packet schema gets id 2
        byte[] framed = packets.serializer().serialize(TOPIC, packet);

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<>(TrafficPacket.class).write(packet, encoder);
        encoder.flush();
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(framed, 5));
        assertArrayEquals(body.toByteArray(), Arrays.copyOfRange(framed, 5, framed.length));
        assertEquals(2, registry.idOf("understudy.ingress-value", TrafficPacket.getClassSchema()),
                "registered under the TopicNameStrategy subject");
    }

    @Test
    void writesAndReadsSchemaIdsBigEndian() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(out, 0x01020304);
        byte[] header = out.toByteArray();
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, header);
        assertEquals(0x01020304, ConfluentWireFormat.schemaId(header));
        out.reset();
        ConfluentWireFormat.writeHeader(out, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, ConfluentWireFormat.schemaId(out.toByteArray()));
    }

    @Test
    void nullStaysNull() {
        assertNull(packets.serializer().serialize(TOPIC, null));
        assertNull(packets.deserializer().deserialize(TOPIC, null));
    }

    @Test
    void callsTheRegistryOncePerTopicAndOncePerSchemaIdNotPerRecord() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        AvroSerde<TrafficPacket> serde = AvroSerde.forValues(TrafficPacket.class, counting);
        for (int i = 0; i < 500; i++) {
            TrafficPacket record = SampleRecords.trafficPacket("flow-" + i, i);
            assertEquals(record, serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record)));
            serde.serializer().serialize("other", record);
        }
        assertEquals(2, counting.registers.get(), "once for each of the two topics");
        assertEquals(0, counting.lookups.get());
        assertEquals(1, counting.schemaFetches.get(), "one writer schema id, fetched once");
    }

    @Test
    void preparedSerdesMakeNoRegistryCallForTheirFirstRecord() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        AvroSerde<TrafficPacket> writerSide = AvroSerde.forValues(TrafficPacket.class, counting);
        AvroSerde<TrafficPacket> readerSide = AvroSerde.forValues(TrafficPacket.class, counting);
        assertFalse(readerSide.deserializer().prepare(TOPIC), "nothing registered under the topic's subject yet");

        int id = writerSide.serializer().prepare(TOPIC);
        assertTrue(readerSide.deserializer().prepare(TOPIC));
        assertEquals(1, counting.registers.get());
        assertEquals(2, counting.lookups.get(), "the reader's two prepares");
        assertEquals(1, counting.schemaFetches.get(), "the reader's writer schema, fetched once");

        byte[] framed = writerSide.serializer().serialize(TOPIC, packet);
        assertEquals(id, ConfluentWireFormat.schemaId(framed));
        assertEquals(packet, readerSide.deserializer().deserialize(TOPIC, framed));
        assertEquals(1, counting.registers.get(), "no registry call for the first record written");
        assertEquals(2, counting.lookups.get());
        assertEquals(1, counting.schemaFetches.get(), "no registry call for the first record read");
    }

    @Test
    void withoutAutoRegisterLooksTheIdUpAndSaysWhenTheSchemaIsMissing() {
        AvroSerde<TrafficPacket> strict = packets.withAutoRegister(false);
        RecordEncodingException missing = assertThrows(RecordEncodingException.class,
                () -> strict.serializer().serialize(TOPIC, packet));
        assertEquals("Cannot find (auto-registration is off) the schema of io.understudy.records.TrafficPacket "
                + "under subject understudy.ingress-value for topic understudy.ingress: Subject "
                + "'understudy.ingress-value' not found in the in-memory schema registry", missing.getMessage());
        assertEquals(TOPIC, missing.topic());

        int id = registry.register("understudy.ingress-value", TrafficPacket.getClassSchema());
        byte[] framed = strict.serializer().serialize(TOPIC, packet);
        assertEquals(id, ConfluentWireFormat.schemaId(framed));
        assertEquals(packet, strict.deserializer().deserialize(TOPIC, framed));
    }

    @Test
    void refusesToEncodeAnInvalidRecordNamingTopicAndType() {
        TrafficPacket invalid = TrafficPacket.newBuilder(packet).build();
        invalid.setFlowId(null); // setters do not validate; the writer does
        RecordEncodingException e = assertThrows(RecordEncodingException.class,
                () -> packets.serializer().serialize(TOPIC, invalid));
        assertTrue(e.getMessage().startsWith("Cannot encode a io.understudy.records.TrafficPacket for topic "
                + "understudy.ingress: "), e.getMessage());
    }

    @Test
    void readsDataWrittenWithAnOlderSchemaFillingNewFieldsWithDefaults() throws IOException {
        // TrafficPacket as it might have been before 'sequence' was added
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"TrafficPacket","namespace":"io.understudy.records","fields":[
                  {"name":"flowId","type":"string"},
                  {"name":"kind","type":{"type":"enum","name":"PacketKind","symbols":["DATA","CONTROL"]}},
                  {"name":"payload","type":"bytes"},
                  {"name":"endpoint","type":"string"}]}""");
        int olderId = registry.register("understudy.ingress-value", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("flowId", "flow-old");
        written.put("kind", new GenericData.EnumSymbol(older.getField("kind").schema(), "CONTROL"));
        written.put("payload", SampleRecords.bytes("legacy"));
        written.put("endpoint", "udp://10.0.0.1:53");

        TrafficPacket read = packets.deserializer().deserialize(TOPIC, frame(olderId, older, written));

        assertEquals("flow-old", read.getFlowId());
        assertEquals("CONTROL", read.getKind().name());
        assertEquals(SampleRecords.bytes("legacy"), read.getPayload());
        assertEquals("udp://10.0.0.1:53", read.getEndpoint());
        assertEquals(-1L, read.getSequence(), "the default of the field the writer did not have");
    }

    @Test
    void heartbeatsOfNodesOlderThanInstancesReadWithAnEmptyInstanceIdAndOldReadersSkipIt() throws IOException {
        // Heartbeat as it was before nodes ran as several instances: the same record without instanceId
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(Heartbeat.getClassSchema().toString());
        com.fasterxml.jackson.databind.node.ArrayNode fields = (com.fasterxml.jackson.databind.node.ArrayNode) json.get("fields");
        assertEquals("instanceId", fields.get(fields.size() - 1).get("name").asText());
        fields.remove(fields.size() - 1);
        Schema older = new Schema.Parser().parse(json.toString());
        String topic = "understudy.heartbeats";
        int olderId = registry.register(topic + "-value", older);
        assertTrue(registry.isCompatible(topic + "-value", Heartbeat.getClassSchema()),
                "the new schema may follow the old one under the subject");

        Heartbeat current = Heartbeat.newBuilder(SampleRecords.heartbeat()).setInstanceId("node-a-2").build();
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(encoded, null);
        new SpecificDatumWriter<>(Heartbeat.class).write(current, encoder);
        encoder.flush();
        // an old reader of a new heartbeat: everything but the instance id, nothing refused
        GenericRecord asOldReaderSeesIt = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(
                Heartbeat.getClassSchema(), older).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(encoded.toByteArray(), null));
        assertEquals("node-a", asOldReaderSeesIt.get("nodeId").toString());
        assertNull(asOldReaderSeesIt.getSchema().getField("instanceId"));

        AvroSerde<Heartbeat> heartbeats = AvroSerde.forValues(Heartbeat.class, registry);
        Heartbeat read = heartbeats.deserializer().deserialize(topic, frame(olderId, older, asOldReaderSeesIt));
        assertEquals("", read.getInstanceId(), "the default: one instance, named like the node");
        assertEquals(Heartbeat.newBuilder(current).setInstanceId("").build(), read);
    }

    @Test
    void refusesAnEmptyRecord() {
        assertDecodingFails(new byte[0], "Cannot decode the value of a record on topic understudy.ingress: the record "
                + "is empty (0 bytes), but the Confluent wire format needs at least 5 (magic byte 0x00 and a 4-byte schema id)");
    }

    @Test
    void refusesAWrongMagicByteNamingIt() {
        byte[] framed = packets.serializer().serialize(TOPIC, packet);
        framed[0] = 0x01;
        assertDecodingFails(framed, "Cannot decode the value of a record on topic understudy.ingress: wrong magic "
                + "byte 0x01 at byte 0: the Confluent wire format starts with 0x00");
    }

    @Test
    void recognisesAvroSingleObjectEncoding() throws IOException {
        byte[] singleObject = new BinaryMessageEncoder<TrafficPacket>(
                org.apache.avro.specific.SpecificData.get(), TrafficPacket.getClassSchema()).encode(packet).array();
        assertEquals((byte) 0xC3, singleObject[0]);
        assertDecodingFails(singleObject, "Cannot decode the value of a record on topic understudy.ingress: wrong "
                + "magic byte 0xC3 at byte 0: the Confluent wire format starts with 0x00; this record starts with "
                + "C3 01, the marker of Avro single-object encoding, so its producer used Avro's own framing, "
                + "not a schema-registry serializer");
    }

    @Test
    void refusesATruncatedHeader() {
        assertDecodingFails(new byte[] {0, 0, 0, 1}, "Cannot decode the value of a record on topic "
                + "understudy.ingress: truncated header: the record is 4 bytes long, fewer than the 5 of the "
                + "wire-format header (magic byte 0x00 and a 4-byte schema id)");
        assertDecodingFails(new byte[] {0}, "Cannot decode the value of a record on topic "
                + "understudy.ingress: truncated header: the record is 1 byte long, fewer than the 5 of the "
                + "wire-format header (magic byte 0x00 and a 4-byte schema id)");
    }

    @Test
    void refusesATruncatedBody() {
        byte[] framed = packets.serializer().serialize(TOPIC, packet);
        byte[] truncated = Arrays.copyOf(framed, framed.length - 3);
        assertDecodingFails(truncated, "Cannot decode the value of a record on topic understudy.ingress: truncated "
                + "Avro body: its " + (framed.length - 8) + " bytes after the header end before a whole "
                + "io.understudy.records.TrafficPacket (writer schema id 1)");
        assertDecodingFails(Arrays.copyOf(framed, 5), "Cannot decode the value of a record on topic "
                + "understudy.ingress: truncated Avro body: its 0 bytes after the header end before a whole "
                + "io.understudy.records.TrafficPacket (writer schema id 1)");
    }

    @Test
    void refusesTrailingBytes() {
        byte[] framed = packets.serializer().serialize(TOPIC, packet);
        byte[] longer = Arrays.copyOf(framed, framed.length + 2);
        assertDecodingFails(longer, "Cannot decode the value of a record on topic understudy.ingress: 2 trailing "
                + "bytes after a whole io.understudy.records.TrafficPacket (writer schema id 1): the body does not "
                + "match the writer schema");
    }

    @Test
    void refusesAnUnknownSchemaIdNamingIdAndRegistry() {
        byte[] framed = packets.serializer().serialize(TOPIC, packet);
        framed[1] = 1; // id 0x01000001
        assertDecodingFails(framed, "Cannot decode the value of a record on topic understudy.ingress: unknown "
                + "schema id 16777217: the schema registry at in-memory schema registry has no schema with that id "
                + "(was the record written against another registry?)");
    }

    @Test
    void refusesARecordOfAnotherTypeNamingBoth() {
        byte[] heartbeat = AvroSerde.forValues(Heartbeat.class, registry).serializer()
                .serialize("understudy.heartbeats", SampleRecords.heartbeat());
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> packets.deserializer().deserialize(TOPIC, heartbeat));
        assertTrue(e.getMessage().startsWith("Cannot decode the value of a record on topic understudy.ingress: "
                + "writer schema id 1 (io.understudy.records.Heartbeat) cannot be read as "
                + "io.understudy.records.TrafficPacket: NAME_MISMATCH"), e.getMessage());
    }

    @Test
    void saysWhenTheRegistryIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
        byte[] framed = packets.serializer().serialize(TOPIC, packet);
        try (SchemaRegistryClient unreachable = SchemaRegistryClient.forUrl(url)) {
            RecordDecodingException e = assertThrows(RecordDecodingException.class,
                    () -> AvroSerde.forValues(TrafficPacket.class, unreachable).deserializer().deserialize(TOPIC, framed));
            assertTrue(e.getMessage().startsWith("Cannot decode the value of a record on topic understudy.ingress: "
                    + "cannot fetch writer schema id 1: Schema registry at " + url + " is unreachable "
                    + "(GET /schemas/ids/1): "), e.getMessage());
        }
    }

    @Test
    void decodingFailureAddsPartitionAndOffset() {
        byte[] bad = {7, 7, 7, 7, 7, 7};
        ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>(TOPIC, 4, 1234L, "k".getBytes(), bad);
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> packets.deserializer().deserialize(TOPIC, bad));
        DecodingFailure failure = DecodingFailure.of(raw, e);
        assertEquals(new DecodingFailure(TOPIC, 4, 1234L, false,
                "wrong magic byte 0x07 at byte 0: the Confluent wire format starts with 0x00"), failure);
        assertEquals("Cannot decode the value of the record at offset 1234 of partition 4 of topic "
                + "understudy.ingress: wrong magic byte 0x07 at byte 0: the Confluent wire format starts with 0x00",
                failure.describe());
    }

    @Test
    void keySerdesUseTheKeySubjectAndSayKey() {
        AvroSerde<TrafficPacket> keys = AvroSerde.forKeys(TrafficPacket.class, registry);
        byte[] framed = keys.serializer().serialize(TOPIC, packet);
        assertEquals(ConfluentWireFormat.schemaId(framed),
                registry.idOf("understudy.ingress-key", TrafficPacket.getClassSchema()));
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> keys.deserializer().deserialize(TOPIC, new byte[] {1}));
        assertTrue(e.isKey());
        assertTrue(e.getMessage().startsWith("Cannot decode the key of a record on topic understudy.ingress: "));
    }

    private void assertDecodingFails(byte[] data, String expectedMessage) {
        RecordDecodingException e = assertThrows(RecordDecodingException.class,
                () -> packets.deserializer().deserialize(TOPIC, data));
        assertEquals(expectedMessage, e.getMessage());
        assertEquals(TOPIC, e.topic());
        assertInstanceOf(org.apache.kafka.common.errors.SerializationException.class, e);
    }

    private <T extends SpecificRecord> T roundTrip(Class<T> type, SpecificRecord record) {
        AvroSerde<T> serde = AvroSerde.forValues(type, registry);
        String topic = "t-" + type.getSimpleName();
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, type.cast(record)));
    }

    private static byte[] frame(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(out, schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
