package io.understudy.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.NodeOutput;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.CompatibilityLevel;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records through a real producer, broker and consumer, framed against the real registry. */
@ExtendWith(UnderstudyStackExtension.class)
class AvroSerdeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final StackEndpoints stack;
    private final TopicNames names = new TopicNames("serde-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final SchemaRegistryClient writerRegistry;
    /** The consumers' own client: what they decode, they learnt from the registry, not from the producer's cache. */
    private final SchemaRegistryClient readerRegistry;

    AvroSerdeIT(StackEndpoints stack) {
        this.stack = stack;
        this.writerRegistry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
        this.readerRegistry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
    }

    @AfterEach
    void close() {
        writerRegistry.close();
        readerRegistry.close();
    }

    @Test
    void everyRecordTypeReadsBackEqualFromItsTopic() throws Exception {
        provision(2);
        // one producer and one consumer for all topics: each topic's serde is picked by its contract
        Map<String, SpecificRecord> sent = new LinkedHashMap<>();
        for (SchemaCatalog.Entry entry : SchemaCatalog.entries()) {
            sent.put(entry.topic().names(names, List.of("a")).get(0), SampleRecords.forTopic(entry.topic()));
        }
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new SerdesByContract(names, writerRegistry).serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            sent.forEach((topic, record) -> sends.add(producer.send(new ProducerRecord<>(topic, "key", record))));
            awaitAll(sends);
        }
        Map<String, List<SpecificRecord>> received = new LinkedHashMap<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new SerdesByContract(names, readerRegistry).deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : sent.keySet()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            int count = 0;
            while (count < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    received.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record.value());
                    count++;
                }
            }
        }
        for (Map.Entry<String, SpecificRecord> entry : sent.entrySet()) {
            assertEquals(List.of(entry.getValue()), received.get(entry.getKey()), entry.getKey());
        }
        assertEquals(sent.keySet(), received.keySet());
    }

    @Test
    void manyPacketsReadBackEqualAndInOrderPerPartition() {
        provision(3);
        List<TrafficPacket> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(SampleRecords.trafficPacket("flow-" + (i % 7), i / 7));
        }
        List<TrafficPacket> received = sendAndReadBack(names.ingress(), sent);
        assertEquals(300, received.size());
        Comparator<TrafficPacket> byFlowThenSequence = Comparator.comparing(TrafficPacket::getFlowId)
                .thenComparingLong(TrafficPacket::getSequence);
        assertEquals(sent.stream().sorted(byFlowThenSequence).toList(), received.stream().sorted(byFlowThenSequence).toList());
        // one flow is one key, so one partition, so in order
        for (int flow = 0; flow < 7; flow++) {
            String flowId = "flow-" + flow;
            assertEquals(sent.stream().filter(p -> p.getFlowId().equals(flowId)).toList(),
                    received.stream().filter(p -> p.getFlowId().equals(flowId)).toList(), flowId);
        }
    }

    @Test
    void badFramingsOnATopicAreRefusedNamingTopicPartitionAndOffset() {
        provision(1);
        String topic = names.ingress();
        Serializer<TrafficPacket> serializer = AvroSerde.forValues(TrafficPacket.class, writerRegistry).serializer();
        byte[] good = serializer.serialize(topic, SampleRecords.trafficPacket("flow-1", 0));
        int schemaId = ConfluentWireFormat.schemaId(good);
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 0x02;
        byte[] singleObject = {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9};
        byte[] truncatedHeader = {0, 0, 0};
        byte[] truncatedBody = Arrays.copyOf(good, good.length - 4);
        byte[] unknownId = good.clone();
        unknownId[1] = 0x7F; // id 0x7F000000 + ...
        int unknown = ConfluentWireFormat.schemaId(unknownId);
        byte[] lastGood = serializer.serialize(topic, SampleRecords.trafficPacket("flow-1", 1));

        produceRaw(topic, List.of(good, wrongMagic, singleObject, truncatedHeader, truncatedBody, unknownId, lastGood));

        List<String> decoded = new ArrayList<>();
        List<DecodingFailure> failures = new ArrayList<>();
        try (KafkaConsumer<String, TrafficPacket> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                AvroSerde.forValues(TrafficPacket.class, readerRegistry).deserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < 7 && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> decoded.add(r.offset() + ":" + r.value().getSequence()));
                } catch (RecordDeserializationException e) {
                    failures.add(DecodingFailure.of(e));
                    consumer.seek(e.topicPartition(), e.offset() + 1); // skip it, as an operator would
                }
            }
        }

        assertEquals(List.of("0:0", "6:1"), decoded);
        assertEquals(List.of(
                new DecodingFailure(topic, 0, 1, false,
                        "wrong magic byte 0x02 at byte 0: the Confluent wire format starts with 0x00"),
                new DecodingFailure(topic, 0, 2, false,
                        "wrong magic byte 0xC3 at byte 0: the Confluent wire format starts with 0x00; this record starts "
                                + "with C3 01, the marker of Avro single-object encoding, so its producer used Avro's "
                                + "own framing, not a schema-registry serializer"),
                new DecodingFailure(topic, 0, 3, false,
                        "truncated header: the record is 3 bytes long, fewer than the 5 of the wire-format header "
                                + "(magic byte 0x00 and a 4-byte schema id)"),
                new DecodingFailure(topic, 0, 4, false,
                        "truncated Avro body: its " + (good.length - 9) + " bytes after the header end before a whole "
                                + "io.understudy.records.TrafficPacket (writer schema id " + schemaId + ")"),
                new DecodingFailure(topic, 0, 5, false,
                        "unknown schema id " + unknown + ": the schema registry at " + stack.schemaRegistryUrl()
                                + " has no schema with that id (was the record written against another registry?)")),
                failures);
        assertEquals("Cannot decode the value of the record at offset 1 of partition 0 of topic " + topic
                + ": wrong magic byte 0x02 at byte 0: the Confluent wire format starts with 0x00",
                failures.get(0).describe());
    }

    @Test
    void nodeOutputsWrittenBeforeTheEmissionRecordRenameReadBackBesideNewOnes() {
        provision(1);
        String topic = names.nodeOutput("a");
        String subject = TopicNameStrategy.valueSubject(topic);
        writerRegistry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        int oldId = writerRegistry.register(subject, ReleasedNodeOutput.SCHEMA);
        assertTrue(writerRegistry.isCompatible(subject, NodeOutput.getClassSchema()), "the registry's own BACKWARD check");
        produceRaw(topic, List.of(ReleasedNodeOutput.framed(oldId, "a", 0)));
        // today's node registers its schema as the next version of the subject, and writes after the old one
        Serializer<NodeOutput> serializer = AvroSerde.forValues(NodeOutput.class, writerRegistry).serializer();
        byte[] current = serializer.serialize(topic, ReleasedNodeOutput.expected("a", 1));
        assertNotEquals(oldId, ConfluentWireFormat.schemaId(current));
        produceRaw(topic, List.of(current));

        List<NodeOutput> received = new ArrayList<>();
        try (KafkaConsumer<String, NodeOutput> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                AvroSerde.forValues(NodeOutput.class, readerRegistry).deserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }
        assertEquals(List.of(ReleasedNodeOutput.expected("a", 0), ReleasedNodeOutput.expected("a", 1)), received);
    }

    private void provision(int partitions) {
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(names, partitions, (short) 1, List.of("a"));
        }
    }

    /** Sends the packets keyed by flow id, then reads the topic back from the beginning, across all partitions. */
    private List<TrafficPacket> sendAndReadBack(String topic, List<TrafficPacket> packets) {
        try (KafkaProducer<String, TrafficPacket> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                AvroSerde.forValues(TrafficPacket.class, writerRegistry).serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (TrafficPacket packet : packets) {
                sends.add(producer.send(new ProducerRecord<>(topic, packet.getFlowId(), packet)));
            }
            awaitAll(sends);
        }
        List<TrafficPacket> received = new ArrayList<>();
        try (KafkaConsumer<String, TrafficPacket> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                AvroSerde.forValues(TrafficPacket.class, readerRegistry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.size() < packets.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
            // and nothing more than what was sent
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
        }
        return received;
    }

    private void produceRaw(String topic, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (byte[] value : values) {
                sends.add(producer.send(new ProducerRecord<>(topic, 0, "raw", value)));
            }
            awaitAll(sends);
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("A send failed", e);
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
