package io.understudy.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a restarted node took to be a hot standby again, split where the time goes (issue 19,
 * "time back to redundancy"): until a second failure is harmless again, a restart is a window of
 * risk. The split comes from the node's own log, which the restarted process appends to: from the
 * restart to the node's first line (the JVM's start, up to {@code main}'s first log line), from
 * there to Kafka Streams' RUNNING (topics, group join, state restore), and from there until its
 * heartbeat says it is synchronized and caught up with the ingress on every partition.
 *
 * @param jvmStartMs     restart to the node's first log line ("node x starting"); -1 if not found
 * @param streamsStartMs from there to "streams REBALANCING -> RUNNING"; -1 if not found
 * @param catchUpMs      from there until caught up (synchronized, at the ingress's end offsets of the restart);
 *                       -1 if it did not catch up
 * @param totalMs        restart to caught up; -1 if it did not catch up
 */
public record RestartTiming(long jvmStartMs, long streamsStartMs, long catchUpMs, long totalMs) {

    /**
     * Reads the timing from the node's log, from the byte offset it had when the node was
     * restarted on (the lines of this incarnation only).
     *
     * @param log          the node's log file (lines start with {@code HH:mm:ss.SSS}, local time)
     * @param fromByte     its size at the restart
     * @param restartAt    wall clock of the restart, ms
     * @param caughtUpAt   wall clock when its heartbeat said caught up, ms; -1 if it did not within the wait
     */
    static RestartTiming fromLog(Path log, long fromByte, long restartAt, long caughtUpAt, ZoneId zone) throws IOException {
        long started = -1;
        long running = -1;
        for (String line : linesFrom(log, fromByte)) {
            if (started < 0 && line.contains(" starting against ")) {
                started = at(line, restartAt, zone);
            } else if (running < 0 && line.contains(" -> RUNNING")) {
                running = at(line, restartAt, zone);
            }
        }
        long jvm = started < 0 ? -1 : started - restartAt;
        long streams = started < 0 || running < 0 ? -1 : running - started;
        long catchUp = running < 0 || caughtUpAt < 0 ? -1 : Math.max(0, caughtUpAt - running);
        return new RestartTiming(jvm, streams, catchUp, caughtUpAt < 0 ? -1 : caughtUpAt - restartAt);
    }

    /** The log's size now: where the next incarnation's lines will start. */
    static long sizeOf(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** "8,420 ms: JVM 1,900 + Streams 3,100 + catch-up 3,420". */
    String describe() {
        return String.format("%s ms: JVM %s + Streams %s + catch-up %s", ms(totalMs), ms(jvmStartMs), ms(streamsStartMs),
                ms(catchUpMs));
    }

    private static String ms(long ms) {
        return ms < 0 ? "?" : String.format("%,d", ms);
    }

    private static List<String> linesFrom(Path log, long fromByte) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(log)) {
            return lines;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (fromByte >= length) {
                return lines;
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - fromByte)];
            file.seek(fromByte);
            file.readFully(bytes);
            new String(bytes, StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        return lines;
    }

    /** The wall clock of a log line's {@code HH:mm:ss.SSS}, on the day that puts it nearest the restart. */
    static long at(String line, long restartAt, ZoneId zone) {
        if (line.length() < 12) {
            return -1;
        }
        LocalTime time;
        try {
            time = LocalTime.parse(line.substring(0, 12));
        } catch (DateTimeParseException e) {
            return -1;
        }
        LocalDate day = Instant.ofEpochMilli(restartAt).atZone(zone).toLocalDate();
        long best = -1;
        for (LocalDate candidate : List.of(day.minusDays(1), day, day.plusDays(1))) {
            long ms = candidate.atTime(time).atZone(zone).toInstant().toEpochMilli();
            if (best < 0 || Math.abs(ms - restartAt) < Math.abs(best - restartAt)) {
                best = ms;
            }
        }
        return best;
    }
}
