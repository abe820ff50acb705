package io.understudy.audit;

import java.util.List;

/**
 * What the audit reads for one partition.
 *
 * @param partition        the partition (same number on ingress and egress)
 * @param ingressLogStart  first offset still on the ingress partition (more than 0 once retention deleted some)
 * @param ingressEnd       the ingress partition's end offset when read (next offset to be written)
 * @param ingress          the ingress records from {@code ingressLogStart}, in offset order (read lazily)
 * @param egressLogStart   first offset still on the egress partition
 * @param egress           every egress record of the partition from {@code egressLogStart}, in offset order
 */
public record PartitionLogs(int partition, long ingressLogStart, long ingressEnd, Iterable<IngressEntry> ingress,
                            long egressLogStart, List<EgressEntry> egress) {
}
