package io.understudy.audit;

import io.understudy.api.Emission;
import java.util.List;

/**
 * What the traffic function produces for one ingress record when the log is replayed from its
 * start: what the leader's egress for that record must be.
 *
 * @param partition  ingress partition
 * @param offset     ingress offset
 * @param flowId     the flow (the record key, as the node takes it)
 * @param timestamp  the ingress record timestamp
 * @param emissions  the payloads, in order (empty when dropped)
 * @param dropReason why the record was dropped, or null
 */
public record ExpectedOutput(int partition, long offset, String flowId, long timestamp, List<Emission> emissions,
                             String dropReason) {

    public ExpectedOutput {
        emissions = List.copyOf(emissions);
    }
}
