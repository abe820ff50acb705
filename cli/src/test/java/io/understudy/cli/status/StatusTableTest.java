package io.understudy.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void onePartitionRowWithEachBackupsStateAndLagAndTheLastFailoverThenTheNodesThenTheSelectors() {
        ClusterStatus status = new ClusterStatus(1_000_000, List.of(
                new ClusterStatus.PartitionStatus(0, "b", 2, false, 1041, Optional.of(new ClusterStatus.Failover(2, "a", "b",
                        "LEADER_FAILED", "no heartbeat from a for 412 ms", 3_723_456))),
                new ClusterStatus.PartitionStatus(1, "a", 1, true, 998, Optional.empty()),
                new ClusterStatus.PartitionStatus(2, null, 0, false, -1, Optional.empty())),
                new TreeMap<>(Map.of(
                        "a", new ClusterStatus.NodeStatus("a", 12_300, "i-a", Map.of(0, new ClusterStatus.Progress("SYNCHRONIZED", 1030),
                                1, new ClusterStatus.Progress("SYNCHRONIZED", 998))),
                        "b", new ClusterStatus.NodeStatus("b", 40, "i-b", new TreeMap<>(Map.of(
                                0, new ClusterStatus.Progress("SYNCHRONIZED", 1045),
                                1, new ClusterStatus.Progress("RECEIVING", 990)))))),
                new TreeMap<>(Map.of(
                        "s1", new ClusterStatus.SelectorStatus("s1", 4_000, 1, List.of()),
                        "s2", new ClusterStatus.SelectorStatus("s2", 30, 2, List.of(0)))));
        StringWriter text = new StringWriter();
        StatusTable.print(status, 1_000, new PrintWriter(text, true));
        assertEquals(String.join("\n",
                "partition  leader                                 epoch  watermark  backups (sync state, lag)                  last failover",
                "---------  -------------------------------------  -----  ---------  -----------------------------------------  -------------",
                "0          b                                      2      1041       a SYNCHRONIZED lag 15 (silent 12.3 s ago)  "
                        + "epoch 2 LEADER_FAILED a -> b at 01:02:03.456 (no heartbeat from a for 412 ms)",
                "1          a (gone; waiting: no eligible backup)  1      998        b RECEIVING lag 8                          none",
                "2          none yet                               -      -          none                                       none",
                "",
                "node  last heartbeat       partitions (sync state @ last offset)",
                "----  -------------------  -------------------------------------",
                "a     12.3 s ago (silent)  p0 SYNCHRONIZED @1030, p1 SYNCHRONIZED @998",
                "b     40 ms ago            p0 SYNCHRONIZED @1045, p1 RECEIVING @990",
                "",
                "selector  last heartbeat      role                 partitions",
                "--------  ------------------  -------------------  ----------",
                "s1        4.0 s ago (silent)  standby              -",
                "s2        30 ms ago           owner of shards [0]  [0, 2]",
                ""), text.toString().replace(System.lineSeparator(), "\n"));
    }
}
