package io.understudy.system.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.understudy.audit.EgressEntry;
import io.understudy.audit.TopicLogs;
import io.understudy.cli.CommandRun;
import io.understudy.harness.ChaosRun;
import io.understudy.harness.DemoReport;
import io.understudy.records.EgressRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.stack.StackEndpoints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Audit and replay on a real pipeline: the chaos run (bridge, nodes a and b, selector, each a
 * process; the primary killed with SIGKILL once), then, while everything still runs, undecodable
 * records written straight to ingress among valid ones, then:
 * <ol>
 *   <li>both nodes answered each poison record with the same drop verdict, the selector wrote it
 *       once to the dead-letter topic, and the pipeline kept going (the valid records after them
 *       reached egress);</li>
 *   <li>{@code understudy audit} finds the whole egress clean (exit 0), every output matched;</li>
 *   <li>{@code understudy replay}, copied and recomputed, gives exactly the egress records;</li>
 *   <li>an egress record tampered with by the test (a copy with another payload) is found, with
 *       its egress offset (exit 1).</li>
 * </ol>
 */
class AuditPipelineIT {

    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void auditIsCleanOnARealRunReplayMatchesAndATamperedRecordIsFound() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "audit-it").toAbsolutePath())
                .resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        List<String> checks = new ArrayList<>();
        ChaosRun.Result result = new ChaosRun(new ChaosRun.Options(12, 300, Duration.ofSeconds(16), 1, PARTITIONS, 64,
                "passthrough", dir, Map.of()), System.out)
                .withInspection((endpoints, topics, functionArgs) -> inspect(endpoints, topics, dir, checks))
                .run();
        DemoReport.print(result, System.out);
        assertTrue(result.tally().clean(), "the chaos run itself is clean: " + result.tally());
        assertEquals(List.of("poison", "audit", "replay", "tamper"), checks);
    }

    private void inspect(StackEndpoints endpoints, TopicNames topics, Path dir, List<String> checks) throws Exception {
        String[] cluster = {"--bootstrap-servers", endpoints.bootstrapServers(), "--schema-registry-url",
                endpoints.schemaRegistryUrl()};
        Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", endpoints.bootstrapServers()));
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(endpoints.schemaRegistryUrl());
             TopicLogs logs = new TopicLogs(client, Duration.ofSeconds(60))) {
            var egressDecoder = AvroSerde.forValues(EgressRecord.class, registry).deserializer();

            // 1. poison records among valid ones: the same verdict on both nodes, and egress goes on
            Map<Integer, Long> poisonOffsets = writePoisonThenValid(endpoints, topics, registry);
            awaitEgressOfFlows(logs, topics, egressDecoder, "after-poison-", PARTITIONS);
            var outputs = AvroSerde.forValues(NodeOutput.class, registry).deserializer();
            for (var poison : poisonOffsets.entrySet()) {
                String verdictA = dropReason(logs, topics.nodeOutput("a"), poison.getKey(), poison.getValue(), outputs);
                String verdictB = dropReason(logs, topics.nodeOutput("b"), poison.getKey(), poison.getValue(), outputs);
                assertTrue(verdictA != null && verdictA.startsWith("undecodable"), "node a's verdict: " + verdictA);
                assertEquals(verdictA, verdictB, "both nodes drop the poison record alike");
                List<NodeOutput> deadLetters = new ArrayList<>();
                logs.readAll(topics.deadLetter(), poison.getKey(), record -> deadLetters.add(
                        outputs.deserialize(topics.deadLetter(), record.value())));
                assertEquals(List.of(poison.getValue()), deadLetters.stream().map(NodeOutput::getIngressOffset).toList(),
                        "one dead letter per poison record of partition " + poison.getKey());
                assertEquals(verdictA, deadLetters.get(0).getDropReason());
            }
            checks.add("poison");

            // 2. the audit of the whole run is clean
            Path cleanJson = dir.resolve("audit-clean.json");
            CommandRun clean = CommandRun.of(concat(new String[] {"audit", "--json", cleanJson.toString()}, cluster));
            JsonNode totals = JSON.readTree(cleanJson.toFile()).get("totals");
            System.out.println("clean audit totals: " + totals);
            assertEquals(0, clean.exitCode(), "audit exit code; totals " + totals + clean.err());
            assertEquals(0, totals.get("violations").asLong());
            assertEquals(totals.get("expectedOutputs").asLong(), totals.get("matched").asLong());
            assertTrue(totals.get("drops").asLong() >= PARTITIONS, "the poison records are drops: " + totals);
            assertTrue(totals.get("matched").asLong() > 1_000, "outputs matched: " + totals);
            long egressRecords = totals.get("egressChecked").asLong();
            assertEquals(totals.get("matched").asLong(), egressRecords);
            checks.add("audit");

            // 3. replay, copied and recomputed, gives exactly the egress records
            assertEquals(0, CommandRun.of(concat(new String[] {"replay", "--target-topic", "audit-it.copy"}, cluster))
                    .exitCode());
            assertEquals(0, CommandRun.of(concat(new String[] {"replay", "--target-topic", "audit-it.recomputed",
                    "--recompute"}, cluster)).exitCode());
            for (int p = 0; p < PARTITIONS; p++) {
                List<EgressRecord> egress = records(logs.egress(topics.egress(), p, egressDecoder));
                assertEquals(egress, records(logs.egress("audit-it.copy", p, egressDecoder)), "copy of partition " + p);
                assertEquals(egress, records(logs.egress("audit-it.recomputed", p, egressDecoder)),
                        "recomputation of partition " + p);
            }
            checks.add("replay");

            // 4. a record tampered with on egress is found, with its lineage
            EgressRecord victim = logs.egress(topics.egress(), 1, egressDecoder).get(10).record();
            long tamperedAt = tamper(endpoints, topics, registry, victim);
            Path dirtyJson = dir.resolve("audit-tampered.json");
            CommandRun dirty = CommandRun.of(concat(new String[] {"audit", "--json", dirtyJson.toString()}, cluster));
            JsonNode report = JSON.readTree(dirtyJson.toFile());
            System.out.println("tampered audit totals: " + report.get("totals"));
            assertEquals(1, dirty.exitCode(), "audit exit code after tampering");
            assertEquals(1, report.get("totals").get("MISMATCH").asLong());
            assertEquals(1, report.get("totals").get("DUPLICATE").asLong());
            boolean found = false;
            for (JsonNode violation : report.get("violations")) {
                if (violation.get("kind").asText().equals("MISMATCH")) {
                    assertEquals(victim.getIngressOffset(), violation.get("ingressOffset").asLong());
                    assertEquals(1, violation.get("partition").asInt());
                    assertEquals(tamperedAt, violation.get("egressOffsets").get(0).asLong());
                    found = true;
                }
            }
            assertTrue(found, "the mismatch is listed with its lineage: " + report.get("violations"));
            checks.add("tamper");
        }
    }

    /** Per partition: an undecodable record, then a valid packet of flow after-poison-p. Returns the poison offsets. */
    private static Map<Integer, Long> writePoisonThenValid(StackEndpoints endpoints, TopicNames topics,
                                                          SchemaRegistryClient registry) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        var packets = AvroSerde.forValues(TrafficPacket.class, registry).serializer();
        Map<Integer, Long> offsets = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                byte[] poison = ("not an Avro record " + p).getBytes(StandardCharsets.UTF_8);
                offsets.put(p, producer.send(new ProducerRecord<>(topics.ingress(), p, "poison-" + p, poison)).get().offset());
                String flow = "after-poison-" + p;
                byte[] valid = packets.serialize(topics.ingress(), TrafficPacket.newBuilder().setFlowId(flow)
                        .setKind(PacketKind.DATA).setPayload(ByteBuffer.wrap(flow.getBytes(StandardCharsets.UTF_8)))
                        .setEndpoint("test").setSequence(-1).build());
                producer.send(new ProducerRecord<>(topics.ingress(), p, flow, valid)).get();
            }
        }
        return offsets;
    }

    private static void awaitEgressOfFlows(TopicLogs logs, TopicNames topics,
                                           org.apache.kafka.common.serialization.Deserializer<EgressRecord> decoder,
                                           String flowPrefix, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            seen = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                seen += (int) logs.egress(topics.egress(), p, decoder).stream()
                        .filter(e -> e.record() != null && e.record().getFlowId().startsWith(flowPrefix)).count();
            }
            if (seen >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + seen + " of " + expected + " valid records after the poison reached egress");
    }

    private static String dropReason(TopicLogs logs, String outputTopic, int partition, long ingressOffset,
                                     org.apache.kafka.common.serialization.Deserializer<NodeOutput> decoder)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000; // a backup may lag far behind on a loaded machine
        while (System.currentTimeMillis() < deadline) {
            List<NodeOutput> found = new ArrayList<>();
            logs.readAll(outputTopic, partition, record -> {
                NodeOutput output = decoder.deserialize(outputTopic, record.value());
                if (output.getIngressOffset() == ingressOffset) {
                    found.add(output);
                }
            });
            if (!found.isEmpty()) {
                assertEquals(1, found.size(), "one output per ingress record on " + outputTopic);
                return found.get(0).getDropReason();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(outputTopic + " has no output for ingress " + partition + "@" + ingressOffset);
    }

    /** Writes a copy of {@code victim} with another payload to egress, as a rogue producer would; returns its offset. */
    private static long tamper(StackEndpoints endpoints, TopicNames topics, SchemaRegistryClient registry,
                               EgressRecord victim) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        EgressRecord forged = EgressRecord.newBuilder(victim)
                .setPayload(ByteBuffer.wrap("forged".getBytes(StandardCharsets.UTF_8))).build();
        try (KafkaProducer<String, EgressRecord> producer = new KafkaProducer<>(settings, new StringSerializer(),
                AvroSerde.forValues(EgressRecord.class, registry).serializer())) {
            return producer.send(new ProducerRecord<>(topics.egress(), 1, victim.getFlowId(), forged)).get().offset();
        }
    }

    private static List<EgressRecord> records(List<EgressEntry> entries) {
        return entries.stream().map(EgressEntry::record).toList();
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
