package io.understudy.audit;

import io.understudy.records.EgressRecord;

/**
 * One record read from the egress topic: decoded, or the reason it could not be.
 *
 * @param partition    egress partition it was read from
 * @param offset       its egress offset
 * @param record       the decoded record, or null when undecodable
 * @param decodeError  why it could not be decoded, or null
 */
public record EgressEntry(int partition, long offset, EgressRecord record, String decodeError) {

    public static EgressEntry of(int partition, long offset, EgressRecord record) {
        return new EgressEntry(partition, offset, record, null);
    }

    public static EgressEntry undecodable(int partition, long offset, String why) {
        return new EgressEntry(partition, offset, null, why);
    }
}
