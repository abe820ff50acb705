package io.understudy.bench.harness;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The broker's own counters, read from its JMX (Yammer) metrics in this JVM: the benchmark's broker
 * runs in-process ({@code LocalStack}), so its {@code kafka.network} and {@code kafka.server} MBeans
 * are on the platform MBean server. Two snapshots around a phase give what the phase cost the
 * broker: requests of each kind, and bytes and records appended to each topic. Without an
 * in-process broker every snapshot is empty and the report says so.
 *
 * @param requests         requests received, by API ({@code Produce}, {@code Fetch}, {@code EndTxn}, ...), every
 *                         version summed
 * @param bytesInByTopic   bytes appended to each topic, as the broker's {@code BytesInPerSec} counts them
 * @param messagesByTopic  records appended to each topic ({@code MessagesInPerSec})
 */
public record BrokerMetrics(Map<String, Long> requests, Map<String, Long> bytesInByTopic,
                            Map<String, Long> messagesByTopic) {

    /** The request kinds of the cost table, in its order: the ones exactly-once pipelines send. */
    public static final java.util.List<String> REQUESTS = java.util.List.of("Produce", "Fetch", "AddPartitionsToTxn",
            "EndTxn", "TxnOffsetCommit", "WriteTxnMarkers", "AddOffsetsToTxn", "Heartbeat", "OffsetCommit");

    public BrokerMetrics {
        requests = Map.copyOf(requests);
        bytesInByTopic = Map.copyOf(bytesInByTopic);
        messagesByTopic = Map.copyOf(messagesByTopic);
    }

    /** The counters now (empty if no broker runs in this JVM). */
    public static BrokerMetrics now() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return new BrokerMetrics(
                    counts(server, "kafka.network:type=RequestMetrics,name=RequestsPerSec,*", "request"),
                    counts(server, "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,*", "topic"),
                    counts(server, "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,*", "topic"));
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's metrics: " + e.getMessage(), e);
        }
    }

    /** What happened between {@code earlier} and this snapshot. */
    public BrokerMetrics minus(BrokerMetrics earlier) {
        return new BrokerMetrics(delta(requests, earlier.requests), delta(bytesInByTopic, earlier.bytesInByTopic),
                delta(messagesByTopic, earlier.messagesByTopic));
    }

    /** True when there was no broker to read. */
    public boolean empty() {
        return requests.isEmpty() && bytesInByTopic.isEmpty();
    }

    /** Bytes appended to every topic together. */
    public long bytesIn() {
        return bytesInByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> counts(MBeanServer server, String pattern, String key) throws JMException {
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
            String label = name.getKeyProperty(key);
            if (label == null) {
                continue; // the all-topics total: the sum of the per-topic counts is taken instead
            }
            Object count = server.getAttribute(name, "Count");
            if (count instanceof Number n) {
                counts.merge(label, n.longValue(), Long::sum);
            }
        }
        return counts;
    }

    private static Map<String, Long> delta(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> delta = new TreeMap<>();
        later.forEach((key, value) -> {
            long d = value - earlier.getOrDefault(key, 0L);
            if (d > 0) {
                delta.put(key, d);
            }
        });
        return delta;
    }
}
