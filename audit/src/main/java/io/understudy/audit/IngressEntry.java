package io.understudy.audit;

/**
 * One ingress record as the nodes see it: raw value bytes, decoded (or found undecodable) by the
 * replay exactly as a node does.
 *
 * @param partition ingress partition
 * @param offset    ingress offset
 * @param key       record key (the flow id), or null
 * @param value     raw value bytes (Confluent wire format), or null
 * @param timestamp record timestamp (ms), the only clock a traffic function reads
 */
public record IngressEntry(int partition, long offset, String key, byte[] value, long timestamp) {
}
