package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.ChaosRun;
import io.understudy.harness.DemoReport;
import io.understudy.harness.EgressTally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo with the router and with the security engine, real processes throughout: live sessions
 * through the bridge (router connections; security-engine sessions opened with a handshake and
 * encrypted on the client side), the primary killed with SIGKILL mid-session, then every egress
 * record counted and every payload checked against the sent log: the decrypted plaintext against
 * what the client encrypted, the routed packet against its next hop and NAT binding.
 */
class FunctionFailoverIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"router", "security-engine"})
    void aKillMidSessionLosesDuplicatesReordersAndAltersNothing(String function) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "function-failover-it"))
                .resolve(function + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        int rate = 300;
        int seconds = 20;
        int flows = 20;
        ChaosRun.Result result = new ChaosRun(new ChaosRun.Options(flows, rate, Duration.ofSeconds(seconds), 1, 3, 80,
                function, dir, Map.of()), System.out).run();
        DemoReport.print(result, System.out);

        EgressTally.Result tally = result.tally();
        assertEquals(0, tally.lost(), "lost");
        assertEquals(0, tally.duplicated(), "duplicated");
        assertEquals(0, tally.reordered(), "reordered");
        assertEquals(0, tally.wrongLeader(), "egress naming a node that did not lead its epoch");
        assertEquals(0, tally.unexpected(), "egress that was never acknowledged");
        assertEquals(0, tally.mismatched(), "egress payloads not what the client sent");
        assertEquals(tally.sent(), tally.egress(), "one egress record per acknowledged payload");
        assertTrue(tally.sent() >= (rate * seconds - flows) * 8L / 10, "traffic flowed: " + tally.sent());
        assertEquals(1, result.kills());
        assertEquals(1, result.failovers(), "the kill moved every partition to the backup");

        // the sent log is the record the check used: one line per acknowledged packet
        List<String> log = Files.readAllLines(dir.resolve("sent.tsv"));
        long dataLines = log.stream().filter(line -> line.contains("\tdata\t")).count();
        long handshakes = log.stream().filter(line -> line.contains("\thandshake\t")).count();
        assertEquals(tally.sent(), dataLines, "every acknowledged payload recorded");
        assertEquals(function.equals("security-engine") ? flows : 0, handshakes, "one handshake per session");

        Matcher line = Pattern.compile("RESULT .* lost=0 duplicated=0 reordered=0 mismatched=0 .*")
                .matcher(DemoReport.resultLine(result));
        assertTrue(line.matches(), DemoReport.resultLine(result));
    }
}
