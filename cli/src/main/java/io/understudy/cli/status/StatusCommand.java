package io.understudy.cli.status;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.selector.SelectorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code understudy status}: a table of partitions (leader, epoch, watermark, each backup's sync
 * state and lag, the last failover with its reason) and of nodes, read from the topics rather than
 * from the selector's HTTP endpoint, so that it answers when the selector is down (exactly when
 * it is needed), needs only read access to the topics, and shows what was committed.
 */
@Command(name = "status",
        description = "Prints who leads each partition, under which epoch, up to which ingress offset egress went, each"
                + " backup's sync state and lag, and the last failover with its reason; then every node's last heartbeat."
                + " Read from the leadership, egress and heartbeat topics (works with the selector down). Exit code 1"
                + " when a partition waits with no eligible backup or has no leader yet.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--heartbeat-window-ms", defaultValue = "60000",
            description = "How far back heartbeats are read (default ${DEFAULT-VALUE}); older nodes are not listed.")
    long heartbeatWindowMs;

    @Option(names = "--stale-ms", defaultValue = "1000",
            description = "A node whose last heartbeat is older than this is shown as silent (default ${DEFAULT-VALUE}).")
    long staleMs;

    @Override
    public Integer call() {
        SelectorConfig config = new SelectorConfig(Role.SELECTOR.knownValues(cluster.settings(Role.SELECTOR)));
        ClusterStatus status;
        io.understudy.cli.options.KafkaReachability.require(config.bootstrapServers());
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
             StatusReader reader = new StatusReader(config.kafkaClientSettings())) {
            status = reader.read(config.topicNames(), AvroSerde.forValues(LeaderChange.class, registry).deserializer(),
                    AvroSerde.forValues(EgressRecord.class, registry).deserializer(),
                    AvroSerde.forValues(Heartbeat.class, registry).deserializer(),
                    AvroSerde.forValues(io.understudy.records.SelectorHeartbeat.class, registry).deserializer(),
                    Duration.ofMillis(heartbeatWindowMs),
                    System.currentTimeMillis());
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        StatusTable.print(status, staleMs, out);
        out.flush();
        boolean leaderless = status.partitions().stream().anyMatch(p -> p.leader() == null || p.waiting());
        return leaderless ? 1 : 0;
    }
}
