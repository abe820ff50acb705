package io.understudy.bench.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one record costs a system at saturation: CPU of each process, and the broker's requests
 * and bytes written, per ingress record.
 *
 * @param recordsPerSecond the saturation throughput
 * @param records          ingress records of the saturation phase (the divisor of the broker's counts)
 * @param cpuPercent       each process's CPU during the phase, in % of one core (the harness included)
 * @param broker           what the broker counted from the phase's start until its last record was on egress
 *                         (the load generator's produce requests and the egress reader's fetches included)
 * @param profiles         each process's JFR profile summary, a file name in the results folder
 */
public record CostBreakdown(double recordsPerSecond, long records, Map<String, Double> cpuPercent, BrokerMetrics broker,
                            Map<String, String> profiles) {

    public CostBreakdown {
        cpuPercent = new LinkedHashMap<>(cpuPercent);
        profiles = new LinkedHashMap<>(profiles);
    }

    /**
     * CPU microseconds per record of a process that used {@code cpuPercent} % of one core while
     * the system handled {@code recordsPerSecond}: {@code cpuPercent / 100} core-seconds per second
     * over {@code recordsPerSecond} records per second, times 10^6 µs; -1 when either is unknown.
     */
    public static double microsPerRecord(double cpuPercent, double recordsPerSecond) {
        if (cpuPercent < 0 || recordsPerSecond <= 0) {
            return -1;
        }
        return cpuPercent * 10_000 / recordsPerSecond;
    }

    /** A process's CPU µs per record, -1 if unknown. */
    public double microsPerRecord(String process) {
        return microsPerRecord(cpuPercent.getOrDefault(process, -1.0), recordsPerSecond);
    }

    /** The µs per record of every process but those named in {@code except}; -1 if none is known. */
    public double microsPerRecordWithout(List<String> except) {
        double sum = 0;
        boolean any = false;
        for (Map.Entry<String, Double> process : cpuPercent.entrySet()) {
            if (!except.contains(process.getKey()) && process.getValue() >= 0) {
                sum += process.getValue();
                any = true;
            }
        }
        return any ? microsPerRecord(sum, recordsPerSecond) : -1;
    }

    /** Broker requests of one kind per ingress record; -1 without records. */
    public double requestsPerRecord(String request) {
        return records <= 0 ? -1 : broker.requests().getOrDefault(request, 0L) / (double) records;
    }

    /** Bytes the broker appended (every topic) per ingress record; -1 without records. */
    public double bytesPerRecord() {
        return records <= 0 ? -1 : broker.bytesIn() / (double) records;
    }

    /** Bytes appended to one topic per ingress record. */
    public double bytesPerRecord(String topic) {
        return records <= 0 ? -1 : broker.bytesInByTopic().getOrDefault(topic, 0L) / (double) records;
    }

    /** Records appended to one topic per ingress record. */
    public double messagesPerRecord(String topic) {
        return records <= 0 ? -1 : broker.messagesByTopic().getOrDefault(topic, 0L) / (double) records;
    }
}
