package io.understudy.stack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and resident memory of a live process, read from {@code /proc} (Linux only).
 *
 * @param cpuTicks user + system CPU time, in clock ticks ({@link #TICKS_PER_SECOND} per second)
 * @param rssKb    resident set size, in KiB
 */
public record ProcessStat(long cpuTicks, long rssKb) {

    /** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat. 100 on every mainstream kernel. */
    public static final double TICKS_PER_SECOND = 100.0;

    /** The process's figures now; empty when it is gone or this is not Linux. */
    public static Optional<ProcessStat> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return Optional.of(new ProcessStat(ticks, rssKb));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }
}
