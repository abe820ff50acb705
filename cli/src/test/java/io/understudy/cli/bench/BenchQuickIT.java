package io.understudy.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.understudy.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Smoke run of {@code understudy bench --quick}: real broker, real registry, every system's
 * processes started and the active one killed with SIGKILL. It asserts only that the harness ran
 * each system and counted every record (nothing lost, duplicated or reordered, one egress record per
 * acknowledged packet), and wrote its report; no timing is asserted on a shared machine.
 *
 * <p>Opt-in like the other benchmarks (two minutes of a suite that must stay well under twenty):
 * <pre>mvn -B -pl cli -am verify -Dtest=BenchQuickIT -Dsurefire.failIfNoSpecifiedTests=false -Dunderstudy.benchmark=true</pre>
 */
@EnabledIfSystemProperty(named = "understudy.benchmark", matches = "true")
class BenchQuickIT {

    @Test
    void theQuickBenchRunsEverySystemAndCountsEveryRecord() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-it")).resolve("run-" + System.currentTimeMillis())
                .toAbsolutePath();
        CommandRun run = CommandRun.of("bench", "--quick", "--results-dir", dir.toString());

        assertTrue(Files.exists(dir.resolve("report.md")), "report.md written");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(0, report.get("failures").size(), "every system ran: " + report.get("failures"));
        assertTrue(Files.exists(dir.resolve("egress-rate-understudy.png")), "plot of Understudy's failover written");
        assertTrue(Files.exists(dir.resolve("egress-rate-standby-tuned.png")), "plot of the standby failover written");
        assertEquals(BenchCommand.QUICK_SYSTEMS.size(), report.get("systems").size());
        for (JsonNode system : report.get("systems")) {
            String key = system.get("key").asText();
            JsonNode counts = system.get("counts");
            assertTrue(counts.get("acked").asLong() > 0, key + ": traffic was sent");
            assertEquals(counts.get("acked").asLong(), counts.get("egress").asLong(), key + ": one egress record per packet");
            assertEquals(0, counts.get("lost").asLong(), key + ": lost");
            assertEquals(0, counts.get("duplicated").asLong(), key + ": duplicated");
            assertEquals(0, counts.get("reordered").asLong(), key + ": reordered");
            assertEquals(0, counts.get("unexpected").asLong(), key + ": unexpected");
            assertTrue(system.get("saturation").get("throughput").asDouble() > 0, key + ": throughput measured");
            if (!"baseline".equals(key)) {
                assertTrue(system.get("failover").get("gapMs").asDouble() > 0, key + ": a gap was measured at the kill");
            }
        }
        assertEquals(0, run.exitCode(), "exit code; output:\n" + run.out() + run.err());
    }
}
