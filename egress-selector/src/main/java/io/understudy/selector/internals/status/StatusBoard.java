package io.understudy.selector.internals.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.understudy.observability.DropCounters;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.PartitionProgress;
import io.understudy.selector.internals.leadership.PartitionLeadership;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.liveness.NodeLiveness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The selector's live view of itself, written by its selection tasks (one per partition) and read
 * by the status page, {@code /api/status} and the Prometheus meters: who leads each partition
 * under which epoch, the watermark, when egress last flowed, the decisions taken since this
 * process started, and the egress rate.
 *
 * <p>Meters (every one also tagged {@code role} and {@code instance}):
 * <ul>
 *   <li>{@code understudy_selector_records_in_total{node}}: node outputs read;</li>
 *   <li>{@code understudy_selector_records_out_total}: egress records written;</li>
 *   <li>{@code understudy_selector_dropped_total{reason}}: leader outputs that carried a drop verdict;</li>
 *   <li>{@code understudy_selector_failovers_total{reason}}: leader changes (LEADER_FAILED, LEADER_STALLED, SWITCHOVER);</li>
 *   <li>{@code understudy_selector_alarms_total}: partitions left with no eligible backup;</li>
 *   <li>{@code understudy_selector_comparisons_total{outcome}}: node outputs compared with the output
 *       emitted for their offset: equal, mismatch, beyond_window (too far behind the watermark to be
 *       compared), uncomparable (no digest to compare with); every outcome but equal orders a resync;</li>
 *   <li>{@code understudy_selector_leader_epoch{partition}}, {@code understudy_selector_watermark{partition}},
 *       {@code understudy_selector_alarm{partition}} (1 while the partition waits);</li>
 *   <li>{@code understudy_selector_leader{partition,node}}: 1 for the leader (one series per partition);</li>
 *   <li>{@code understudy_selector_node_sync_state{partition,node}}: 0 UNSYNCED, 1 RECEIVING, 2 SYNCHRONIZED, 3 REFUSED;</li>
 *   <li>{@code understudy_selector_node_lag{partition,node}}: the leader's last processed offset minus the node's;</li>
 *   <li>{@code understudy_selector_watermark_lag{partition}}: the leader's last processed offset minus the watermark;</li>
 *   <li>{@code understudy_selector_node_heartbeat_age_seconds{node}};</li>
 *   <li>{@code understudy_selector_egress_idle_seconds{partition}}: time since the partition's last egress record;</li>
 *   <li>{@code understudy_selector_owner{partition,owner}}: 1 for the selector instance that owns the
 *       partition's shard, as the group's heartbeats say (one series per partition; {@code instance} is,
 *       as on every meter, the instance that reports);</li>
 *   <li>{@code understudy_selector_takeovers_total{cause}}: shards this instance took over (owner_silent,
 *       unowned) and {@code understudy_selector_shards_lost_total{cause}}: shards it lost (fenced, failed);</li>
 *   <li>{@code understudy_selector_egress_gap_seconds{partition}}: a timer of the gaps between consecutive
 *       egress writes (its {@code _max} is the longest recent gap).</li>
 * </ul>
 */
public final class StatusBoard {

    static final int MAX_DECISIONS = 500;

    /** One partition as this selector sees it. */
    static final class PartitionView {
        final int partition;
        volatile PartitionLeadership leadership;
        volatile long lastEgressAt = -1;
        volatile boolean assigned;
        final Timer gaps;

        PartitionView(int partition, Timer gaps) {
            this.partition = partition;
            this.gaps = gaps;
        }
    }

    private final MeterRegistry registry;
    private final LongSupplier clock;
    private final Map<Integer, PartitionView> partitions = new ConcurrentSkipListMap<>();
    private final Deque<Decision> decisions = new ArrayDeque<>();
    private final EgressRate rate = new EgressRate();
    private final Map<String, Counter> outputsIn = new ConcurrentHashMap<>();
    private final Counter egressOut;
    private final DropCounters drops;
    private final Counter alarms;
    private final Map<LeaderChangeReason, Counter> failovers = new ConcurrentHashMap<>();
    private final Map<String, Counter> comparisons = new ConcurrentHashMap<>();
    private final MultiGauge leaders;
    private final MultiGauge syncStates;
    private final MultiGauge nodeLags;
    private final MultiGauge watermarkLags;
    private final MultiGauge heartbeatAges;
    private final MultiGauge owners;
    private final Map<Integer, String> ownerOf = new ConcurrentSkipListMap<>();

    public StatusBoard(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    StatusBoard(MeterRegistry registry, LongSupplier clock) {
        this.registry = registry;
        this.clock = clock;
        this.egressOut = Counter.builder("understudy.selector.records.out").description("Egress records written")
                .register(registry);
        this.drops = new DropCounters(registry, "understudy.selector.dropped",
                "Leader outputs that carried a drop verdict instead of egress, by reason");
        this.alarms = Counter.builder("understudy.selector.alarms")
                .description("Times a partition's leader was gone with no eligible backup (egress waits)").register(registry);
        for (LeaderChangeReason reason : List.of(LeaderChangeReason.LEADER_FAILED, LeaderChangeReason.LEADER_STALLED,
                LeaderChangeReason.SWITCHOVER)) {
            failovers.put(reason, Counter.builder("understudy.selector.failovers")
                    .description("Leadership moved to another node, by reason").tag("reason", reason.name())
                    .register(registry));
        }
        this.leaders = MultiGauge.builder("understudy.selector.leader")
                .description("1 for the node leading the partition").register(registry);
        this.syncStates = MultiGauge.builder("understudy.selector.node.sync.state")
                .description("A node's sync state on a partition, from its heartbeats: 0 UNSYNCED, 1 RECEIVING,"
                        + " 2 SYNCHRONIZED, 3 REFUSED").register(registry);
        this.nodeLags = MultiGauge.builder("understudy.selector.node.lag")
                .description("The leader's last processed ingress offset minus the node's (heartbeats)").register(registry);
        this.watermarkLags = MultiGauge.builder("understudy.selector.watermark.lag")
                .description("The leader's last processed ingress offset minus the watermark (emitted)").register(registry);
        this.owners = MultiGauge.builder("understudy.selector.owner")
                .description("1 for the selector instance owning the partition's shard").register(registry);
        this.heartbeatAges = MultiGauge.builder("understudy.selector.node.heartbeat.age").baseUnit("seconds")
                .description("Age of the node's last heartbeat, on the broker's clock (heartbeats topic time)")
                .register(registry);
    }

    // ---- written by the selection tasks --------------------------------------------------------

    /** A selection task took the partition. */
    public void opened(int partition) {
        partitions.computeIfAbsent(partition, this::register).assigned = true;
    }

    /** The task gave the partition up (closed or migrated to another selector instance). */
    public void closed(int partition) {
        PartitionView view = partitions.get(partition);
        if (view != null) {
            view.assigned = false;
        }
    }

    /** The partition's leadership as stored (after every change of leader, watermark or eligibility). */
    public void leadership(PartitionLeadership leadership) {
        partitions.computeIfAbsent(leadership.partition(), this::register).leadership = leadership;
    }

    public void outputReceived(String node) {
        outputsIn.computeIfAbsent(node, n -> Counter.builder("understudy.selector.records.in")
                .description("Node outputs read, by node").tag("node", n).register(registry)).increment();
    }

    /**
     * One node output compared with the output emitted for its offset, or found impossible to
     * compare: {@code equal}, {@code mismatch}, {@code beyond_window}, {@code uncomparable}.
     */
    public void compared(String outcome) {
        comparisons.computeIfAbsent(outcome, o -> Counter.builder("understudy.selector.comparisons")
                .description("Node outputs compared with the output emitted for their offset, by outcome")
                .tag("outcome", o).register(registry)).increment();
    }

    /** A leader output was emitted as {@code records} egress records (0 for a drop verdict). */
    public void emitted(int partition, int records, String dropReason, long now) {
        if (records > 0) {
            egressOut.increment(records);
            rate.add(now, records);
            PartitionView view = partitions.get(partition);
            if (view != null) {
                long last = view.lastEgressAt;
                if (last >= 0 && now >= last) {
                    view.gaps.record(now - last, TimeUnit.MILLISECONDS);
                }
                view.lastEgressAt = now;
            }
        }
        if (dropReason != null) {
            drops.count(dropReason);
        }
    }

    /** A decision written to the leadership topic. */
    public void decided(LeaderChange change) {
        Counter failover = failovers.get(change.getReason());
        if (failover != null) {
            failover.increment();
        }
        if (change.getReason() == LeaderChangeReason.NO_ELIGIBLE_BACKUP) {
            alarms.increment();
        }
        synchronized (decisions) {
            decisions.addFirst(Decision.of(change));
            while (decisions.size() > MAX_DECISIONS) {
                decisions.removeLast();
            }
        }
    }

    /** This instance took a shard over. */
    public void tookOver(int shard, String cause) {
        Counter.builder("understudy.selector.takeovers").description("Shards this instance took over, by cause")
                .tag("cause", cause).register(registry).increment();
    }

    /** This instance lost a shard (another took it over, or its worker failed). */
    public void lost(int shard, String cause) {
        Counter.builder("understudy.selector.shards.lost").description("Shards this instance lost, by cause")
                .tag("cause", cause).register(registry).increment();
    }

    /** Who owns each partition, as the group's heartbeats say; called before each scrape and page. */
    public void owners(Map<Integer, String> owners) {
        ownerOf.clear();
        ownerOf.putAll(owners);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        owners.forEach((partition, instance) -> rows.add(MultiGauge.Row.of(
                Tags.of("partition", Integer.toString(partition), "owner", instance), 1)));
        this.owners.register(rows, true);
    }

    /** The owner of each partition as last set by {@link #owners}. */
    public Map<Integer, String> owners() {
        return Map.copyOf(ownerOf);
    }

    // ---- read by the page and the meters -------------------------------------------------------

    /** The partitions this selector instance holds now, by partition. */
    public List<PartitionLeadership> leaderships() {
        List<PartitionLeadership> all = new ArrayList<>();
        partitions.values().forEach(view -> {
            if (view.assigned && view.leadership != null) {
                all.add(view.leadership);
            }
        });
        return all;
    }

    /** Milliseconds since the partition's last egress record, or -1 when none was written by this process. */
    public long egressIdleMs(int partition, long now) {
        PartitionView view = partitions.get(partition);
        return view == null || view.lastEgressAt < 0 ? -1 : Math.max(0, now - view.lastEgressAt);
    }

    /** The decisions since this process started, newest first. */
    public List<Decision> decisions() {
        synchronized (decisions) {
            return List.copyOf(decisions);
        }
    }

    /** Egress records per second, {@code [epochSecond, records]}, oldest first. */
    public List<long[]> egressRate(long now, int seconds) {
        return rate.lastSeconds(now, seconds);
    }

    /** Sets the per-node gauges from the heartbeats; called before each scrape. */
    public synchronized void refreshGauges(LivenessView liveness) {
        long now = liveness.now();
        List<MultiGauge.Row<?>> leaderRows = new ArrayList<>();
        List<MultiGauge.Row<?>> syncRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        List<MultiGauge.Row<?>> watermarkRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        for (NodeLiveness node : liveness.nodes()) {
            ageRows.add(MultiGauge.Row.of(Tags.of("node", node.nodeId()), node.ageAt(now) / 1_000.0));
        }
        for (PartitionLeadership leadership : leaderships()) {
            String partition = Integer.toString(leadership.partition());
            leaderRows.add(MultiGauge.Row.of(Tags.of("partition", partition, "node", leadership.leader()), 1));
            Optional<Long> leaderOffset = liveness.latest(leadership.leader())
                    .flatMap(node -> node.progress(leadership.partition())).map(PartitionProgress::getLastOffset);
            leaderOffset.ifPresent(offset -> watermarkRows.add(MultiGauge.Row.of(Tags.of("partition", partition),
                    Math.max(0, offset - leadership.watermark()))));
            for (NodeLiveness node : liveness.nodes()) {
                Optional<PartitionProgress> progress = node.progress(leadership.partition());
                if (progress.isEmpty()) {
                    continue;
                }
                Tags tags = Tags.of("partition", partition, "node", node.nodeId());
                syncRows.add(MultiGauge.Row.of(tags, progress.get().getSyncState().ordinal()));
                leaderOffset.ifPresent(offset -> lagRows.add(MultiGauge.Row.of(tags,
                        Math.max(0, offset - progress.get().getLastOffset()))));
            }
        }
        leaders.register(leaderRows, true);
        syncStates.register(syncRows, true);
        nodeLags.register(lagRows, true);
        watermarkLags.register(watermarkRows, true);
        heartbeatAges.register(ageRows, true);
    }

    private PartitionView register(int partition) {
        Tags tags = Tags.of("partition", Integer.toString(partition));
        PartitionView view = new PartitionView(partition, Timer.builder("understudy.selector.egress.gap")
                .description("Time between consecutive egress writes of the partition").tags(tags).register(registry));
        Gauge.builder("understudy.selector.leader.epoch", view, v -> v.leadership == null ? Double.NaN : v.leadership.epoch())
                .description("The partition's leader epoch").tags(tags).register(registry);
        Gauge.builder("understudy.selector.watermark", view, v -> v.leadership == null ? Double.NaN : v.leadership.watermark())
                .description("The last ingress offset whose outputs were emitted").tags(tags).register(registry);
        Gauge.builder("understudy.selector.alarm", view, v -> v.leadership != null && v.leadership.alarm() ? 1 : 0)
                .description("1 while the partition's leader is gone and no backup is eligible").tags(tags)
                .register(registry);
        Gauge.builder("understudy.selector.egress.idle", view,
                        v -> v.lastEgressAt < 0 ? Double.NaN : Math.max(0, clock.getAsLong() - v.lastEgressAt) / 1_000.0)
                .baseUnit("seconds").description("Time since the partition's last egress record").tags(tags)
                .register(registry);
        return view;
    }
}
