/**
 * Who leads each partition: the durable {@link io.understudy.selector.internals.leadership.PartitionLeadership}
 * (leader, epoch, watermark), the timing rules of {@link
 * io.understudy.selector.internals.leadership.SelectionPolicy}, and the eligibility rules of {@link
 * io.understudy.selector.internals.leadership.BackupElection}.
 */
package io.understudy.selector.internals.leadership;
