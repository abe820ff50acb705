package io.understudy.audit;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The audit of a deployment's topics, from the topics alone: reads the leadership log whole, then
 * each audited partition's ingress and egress logs, and hands them to the {@link AuditChecker}, which
 * replays the ingress through the traffic function ({@link ReferenceReplay}) and checks every egress
 * record against it. {@code understudy audit} runs it.
 */
public final class Audit {

    private Audit() {
    }

    /**
     * @param inputs     the nodes' settings and the registry
     * @param partitions the ingress partitions to audit; empty for all
     * @param range      the ingress offsets to check (the replay still starts at each log's first record)
     * @param maxListed  how many violations the report lists (all are counted)
     */
    public static AuditReport run(AuditInputs inputs, List<Integer> partitions, AuditRange range, int maxListed) {
        try (TopicLogs logs = new TopicLogs(inputs.clientSettings(), Duration.ofSeconds(60))) {
            String ingress = inputs.topics().ingress();
            String egress = inputs.topics().egress();
            String leadership = inputs.topics().leadership();
            List<Integer> chosen = partitions.isEmpty()
                    ? IntStream.range(0, logs.partitionCount(ingress)).boxed().toList() : partitions;
            boolean leadershipTruncated = logs.logStart(leadership, 0) > 0;
            AuditChecker checker = new AuditChecker(range, logs.leadership(leadership,
                    inputs.leadershipSerde().deserializer()), leadershipTruncated, inputs::replay, maxListed);
            var egressDecoder = inputs.egressSerde().deserializer();
            Iterable<PartitionLogs> perPartition = () -> chosen.stream().map(p -> {
                long ingressEnd = logs.end(ingress, p);
                return new PartitionLogs(p, logs.logStart(ingress, p), ingressEnd, logs.ingress(ingress, p, ingressEnd),
                        logs.logStart(egress, p), logs.egress(egress, p, egressDecoder));
            }).iterator();
            return checker.check(perPartition);
        }
    }
}
