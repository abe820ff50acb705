package io.understudy.audit;

import java.util.List;

/**
 * One thing wrong with the egress topic, with the lineage to find it: the ingress record it is
 * about and every egress record involved.
 *
 * @param kind          what is wrong
 * @param partition     ingress partition
 * @param ingressOffset ingress offset (-1 when the record could not be decoded)
 * @param outputIndex   index of the output among that record's outputs (-1 when not about one output)
 * @param flowId        the flow, when known
 * @param egressOffsets the egress records involved (offsets in egress partition {@code partition})
 * @param node          the node the egress record names, when there is one
 * @param epoch         the leader epoch the egress record names, or -1
 * @param detail        what exactly differs
 */
public record Violation(Kind kind, int partition, long ingressOffset, int outputIndex, String flowId,
                        List<Long> egressOffsets, String node, int epoch, String detail) {

    public Violation {
        egressOffsets = List.copyOf(egressOffsets);
    }

    /** What can be wrong. */
    public enum Kind {
        /** An output the traffic function produces for an ingress record has no egress record. */
        GAP,
        /** An output appears more than once in egress. */
        DUPLICATE,
        /** An egress record comes after one for a later ingress offset (or output index) of its partition. */
        REORDERED,
        /** The egress record names a node that did not lead its epoch, an unknown epoch, or an offset outside it. */
        WRONG_LEADER,
        /** The egress record differs from what the replay produces (payload, destination, flow, timestamp, count). */
        MISMATCH,
        /** An egress record that answers no output: no such ingress record, or an index past its outputs. */
        UNEXPECTED,
        /** An egress record that cannot be decoded. */
        UNDECODABLE_EGRESS,
        /** The leadership log contradicts itself (two leaders named for one epoch). */
        LEADERSHIP
    }

    /** One line for the human report. */
    public String describe() {
        StringBuilder line = new StringBuilder(kind.name()).append(" p").append(partition);
        if (ingressOffset >= 0) {
            line.append(" ingress@").append(ingressOffset);
        }
        if (outputIndex >= 0) {
            line.append(" #").append(outputIndex);
        }
        if (flowId != null) {
            line.append(" flow=").append(flowId);
        }
        if (!egressOffsets.isEmpty()) {
            line.append(" egress@").append(egressOffsets);
        }
        if (node != null) {
            line.append(" node=").append(node);
        }
        if (epoch >= 0) {
            line.append(" epoch=").append(epoch);
        }
        return line.append(": ").append(detail).toString();
    }
}
