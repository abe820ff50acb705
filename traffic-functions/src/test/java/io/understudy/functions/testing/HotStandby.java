package io.understudy.functions.testing;

import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The checks every traffic function must pass to be run with a hot standby. */
public final class HotStandby {

    private HotStandby() {
    }

    /** Two instances created independently produce identical transcripts and stores. Returns the transcript. */
    public static List<Step> assertDeterministic(Supplier<TrafficFunction<?>> factory, List<Packet> packets) {
        FlowTableRun<?> first = FlowTableRun.of(factory.get());
        FlowTableRun<?> second = FlowTableRun.of(factory.get());
        List<Step> a = first.applyAll(packets);
        List<Step> b = second.applyAll(packets);
        assertEquals(a, b, "two instances, same packets: transcripts differ");
        assertEquals(first.storeHex(), second.storeHex(), "two instances, same packets: stores differ");
        assertEquals(packets.size(), a.size());
        return a;
    }

    /**
     * The primary processes packets [0, k) and dies. (1) A hot backup that processed every packet
     * from the start continues: the egress made of the primary's outputs before k and the backup's
     * from k on is the uninterrupted run's. (2) A backup that installs the primary's checkpoint at
     * k and processes [k, n) does the same, and ends with the same store.
     *
     * @return the hot backup, after all packets, for function-specific checks
     */
    public static FlowTableRun<?> assertFailover(Supplier<TrafficFunction<?>> factory, List<Packet> packets, int k) {
        FlowTableRun<?> reference = FlowTableRun.of(factory.get());
        List<Step> expected = reference.applyAll(packets);

        FlowTableRun<?> primary = FlowTableRun.of(factory.get());
        List<Step> beforeCrash = primary.applyAll(packets.subList(0, k));
        FlowTableRun<?> hotBackup = FlowTableRun.of(factory.get());
        List<Step> backupSteps = hotBackup.applyAll(packets);
        assertEquals(expected.subList(0, k), beforeCrash, "primary before the crash");
        assertEquals(expected.subList(k, packets.size()), backupSteps.subList(k, packets.size()),
                "hot backup after the failover at " + k);

        FlowTableRun<?> checkpointed = FlowTableRun.of(factory.get());
        checkpointed.install(primary.checkpoint());
        assertEquals(expected.subList(k, packets.size()), checkpointed.applyAll(packets.subList(k, packets.size())),
                "backup synchronized from the checkpoint at " + k);
        assertEquals(reference.storeHex(), checkpointed.storeHex(), "store of the checkpointed backup");
        assertEquals(reference.storeHex(), hotBackup.storeHex(), "store of the hot backup");
        return hotBackup;
    }
}
