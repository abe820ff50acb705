package io.understudy.node;

import io.understudy.api.FunctionConfig;
import io.understudy.node.function.FunctionCatalog;
import io.understudy.node.heartbeat.ProgressBoard;
import io.understudy.node.processing.NodeStores;
import io.understudy.node.processing.NodeTopology;
import io.understudy.node.state.PartitionStatus;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** One node topology under TopologyTestDriver (ingress partition 0), with raw access to its output bytes. */
final class NodeHarness implements AutoCloseable {

    final TopicNames topics = TopicNames.defaults();
    final ProgressBoard board = new ProgressBoard();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> ingress;
    final TestOutputTopic<String, byte[]> rawOutputs;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
    private final AvroSerde<NodeOutput> outputs = AvroSerde.forValues(NodeOutput.class, registry);

    NodeHarness(String nodeId, String function) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "node-test-" + nodeId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        driver = new TopologyTestDriver(NodeTopology.build(topics, nodeId,
                FunctionCatalog.load().create(function, FunctionConfig.empty()), packets.deserializer(),
                outputs.serializer(), board, PartitionStatus.synchronizedFromStart(), NodeStores.Kind.IN_MEMORY), props);
        ingress = driver.createInputTopic(topics.ingress(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rawOutputs = driver.createOutputTopic(topics.nodeOutput(nodeId), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    void send(String flow, String payload, long timestamp) {
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA,
                ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test", -1L);
        ingress.pipeInput(flow, packets.serializer().serialize(topics.ingress(), packet), timestamp);
    }

    void sendRaw(String flow, byte[] value, long timestamp) {
        ingress.pipeInput(flow, value, timestamp);
    }

    List<TestRecord<String, byte[]>> drainRaw() {
        return rawOutputs.readRecordsToList();
    }

    NodeOutput decode(byte[] raw) {
        return outputs.deserializer().deserialize(topics.nodeOutput("x"), raw);
    }

    private static String tempDir() {
        try {
            Path base = Path.of("target", "state");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "node-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
