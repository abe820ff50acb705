/**
 * Who leads each partition: the durable {@link io.understudy.selector.leadership.PartitionLeadership}
 * (leader, epoch, watermark), the timing rules of {@link
 * io.understudy.selector.leadership.SelectionPolicy}, and the eligibility rules of {@link
 * io.understudy.selector.leadership.BackupElection}.
 */
package io.understudy.selector.leadership;
