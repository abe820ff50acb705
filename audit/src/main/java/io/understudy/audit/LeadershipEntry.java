package io.understudy.audit;

import io.understudy.records.LeaderChange;

/**
 * A leadership decision with its offset on the leadership topic.
 *
 * @param offset offset on the leadership topic
 * @param change the decision
 */
public record LeadershipEntry(long offset, LeaderChange change) {
}
