package io.understudy.cli.traffic;

import io.understudy.cli.CommandFailure;
import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.harness.EgressTally;
import io.understudy.harness.TopicReader;
import io.understudy.harness.traffic.ClientProtocol;
import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.SentPackets;
import io.understudy.node.NodeConfig;
import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code understudy verify}: counts a deployment's whole egress topic against the sent log of
 * {@code understudy traffic}, as the demo counts its own run. It exists so that a deployment the
 * demo did not start (compose, a cluster of one's own) can be checked from outside with the same
 * counts: every acknowledged payload exactly once, in flow order, from the leader of its epoch,
 * byte for byte what the client sent.
 */
@Command(name = "verify",
        description = "Reads the whole egress and leadership topics and counts them against a sent log of"
                + " 'understudy traffic' (--record): lost, duplicated, reordered, wrong leader for the epoch, payload"
                + " mismatches. Exit code 0 only when every acknowledged payload is on egress exactly once, in order,"
                + " from the leader of its epoch, as sent, and egress holds nothing else.")
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--record", required = true, paramLabel = "FILE", description = "The sent log of 'understudy traffic'.")
    Path record;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for payloads still missing from egress, reading it again every 2 s"
                    + " (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--wait must be at least 0, got " + waitSeconds);
        }
        ClientProtocol protocol = protocolOf(record);
        if (protocol == ClientProtocol.ROUTER) {
            throw new CommandFailure("verify checks passthrough and security-engine traffic; router egress depends on the"
                    + " nodes' routing table: check it with 'understudy audit --function router --config <node config>'");
        }
        SentPackets sent;
        try {
            sent = SentLog.read(record);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        Map<String, Object> settings = new HashMap<>(Role.NODE.knownValues(cluster.settings(Role.NODE)));
        settings.put(NodeConfig.NODE_ID_CONFIG, "verify");
        NodeConfig config = new NodeConfig(settings);
        PrintWriter out = spec.commandLine().getOut();
        long deadline = System.currentTimeMillis() + waitSeconds * 1_000L;
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl())) {
            AvroSerde<EgressRecord> egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
            AvroSerde<LeaderChange> leadershipSerde = AvroSerde.forValues(LeaderChange.class, registry);
            while (true) {
                EgressTally tally = new EgressTally();
                sent.forEachPayload(packet -> tally.sent(packet.flowId(), packet.seq()));
                List<LeaderChange> changes = new ArrayList<>();
                TopicReader.readAll(config.bootstrapServers(), config.topicNames().leadership(), leadershipSerde.deserializer(),
                        change -> changes.add(change.value()));
                changes.forEach(tally::leaderChange);
                tally.verifyWith(new EgressVerifier(protocol, sent, null));
                TopicReader.readAll(config.bootstrapServers(), config.topicNames().egress(), egressSerde.deserializer(),
                        egress -> tally.egress(egress.value()));
                EgressTally.Result result = tally.result();
                if (result.lost() > 0 && System.currentTimeMillis() < deadline) {
                    out.printf("  %,d of %,d payloads on egress so far; reading it again in 2 s%n", result.sent() - result.lost(),
                            result.sent());
                    out.flush();
                    Thread.sleep(2_000);
                    continue;
                }
                tally.mismatchExamples().forEach(m -> out.println("  ! payload mismatch: " + m));
                out.printf("sent (acknowledged) %,d; egress records %,d; lost %,d; duplicated %,d; reordered %,d;"
                                + " wrong leader for epoch %,d; payload mismatches %,d; unexpected %,d; leadership decisions %,d%n",
                        result.sent(), result.egress(), result.lost(), result.duplicated(), result.reordered(),
                        result.wrongLeader(), result.mismatched(), result.unexpected(), changes.size());
                out.printf("RESULT sent=%d egress=%d lost=%d duplicated=%d reordered=%d wrong_leader=%d mismatched=%d"
                                + " unexpected=%d%n", result.sent(), result.egress(), result.lost(), result.duplicated(),
                        result.reordered(), result.wrongLeader(), result.mismatched(), result.unexpected());
                out.flush();
                return result.clean() && result.unexpected() == 0 ? 0 : 1;
            }
        }
    }

    /** The function named in the sent log's description line ("# function=... flows=..."). */
    static ClientProtocol protocolOf(Path record) {
        try (Stream<String> lines = Files.lines(record, StandardCharsets.UTF_8)) {
            String description = lines.limit(2).skip(1).findFirst().orElse("");
            for (String field : description.replaceFirst("^#\\s*", "").split("\\s+")) {
                if (field.startsWith("function=")) {
                    return ClientProtocol.of(field.substring("function=".length()));
                }
            }
            throw new CommandFailure(record + " names no function on its second line: is it a sent log of 'understudy traffic'?");
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure("cannot read the sent log " + record + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(record + ": " + e.getMessage(), e);
        }
    }
}
