package io.understudy.harness;

import java.io.PrintStream;

/** The demo's closing table and its one-line RESULT, which scripts and tests read. */
public final class DemoReport {

    private DemoReport() {
    }

    public static void print(ChaosRun.Result result, PrintStream out) {
        EgressTally.Result t = result.tally();
        out.println();
        printKills(result, out);
        out.println("+---------------------------+--------------+");
        row(out, "sent (acknowledged)", String.format("%,d", t.sent()));
        row(out, "egress records", String.format("%,d", t.egress()));
        row(out, "lost", String.format("%,d", t.lost()));
        row(out, "duplicated", String.format("%,d", t.duplicated()));
        row(out, "reordered", String.format("%,d", t.reordered()));
        row(out, "wrong leader for epoch", String.format("%,d", t.wrongLeader()));
        row(out, "payload mismatches", String.format("%,d", t.mismatched()));
        row(out, "failovers / kills", result.failovers() + " / " + result.kills());
        row(out, "max egress gap at a kill", result.maxGapMs() + " ms");
        row(out, "max egress gap otherwise", result.steadyGapMs() + " ms");
        row(out, "latency p50 / p99", result.p50Ms() + " / " + result.p99Ms() + " ms");
        row(out, "refused by the bridge", String.format("%,d", result.refused()));
        if (result.backupSyncMs() >= 0) {
            row(out, "late backup synchronized", result.backupSyncMs() + " ms");
        }
        out.println("+---------------------------+--------------+");
        out.println(resultLine(result));
    }

    public static String resultLine(ChaosRun.Result result) {
        EgressTally.Result t = result.tally();
        return "RESULT sent=" + t.sent() + " egress=" + t.egress() + " lost=" + t.lost() + " duplicated="
                + t.duplicated() + " reordered=" + t.reordered() + " mismatched=" + t.mismatched()
                + " failovers=" + result.failovers()
                + " max_gap_ms=" + result.maxGapMs();
    }

    /** One line per kill: a gap well over the failure timeout with a lag at the kill is that backlog's. */
    static void printKills(ChaosRun.Result result, PrintStream out) {
        if (result.killOutcomes().isEmpty()) {
            return;
        }
        out.println("| kill | target   | at (s) | traffic | lag at kill (records) | egress gap (ms) | restart to caught up (ms): JVM + Streams + catch-up |");
        out.println("|------|----------|--------|---------|-----------------------|-----------------|------------------------------------------------------|");
        int n = 0;
        for (ChaosRun.KillOutcome kill : result.killOutcomes()) {
            out.printf("| %4d | %-8s | %6d | %-7s | %,21d | %,15d | %-52s |%n", ++n, kill.target(), kill.secondsIn(),
                    kill.inTraffic() ? "flowing" : "over", kill.lagAtKill(), kill.gapMs(),
                    kill.restart() == null ? "-" : kill.restart().describe());
        }
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("| %-25s | %12s |%n", name, value);
    }
}
