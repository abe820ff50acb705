package io.understudy.bench.harness;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the load generator writes at the start of each payload so that egress can be matched and
 * timed: the ASCII text {@code <flow>#<seq>|<phase>|<sentNanos>|}, padded with dots. The first part
 * ({@code <flow>#<seq>|}) is the demo's {@code PayloadStamp}, so the demo's tools read it too.
 *
 * @param flowId    the flow
 * @param seq       the packet's number within its flow, from 0, over the whole run of a system
 * @param phase     which phase of the run sent it
 * @param sentNanos when it was due to be sent, on this JVM's {@link System#nanoTime()} clock; the
 *                  due time rather than the actual one, so a stalled sender does not hide latency
 */
public record BenchStamp(String flowId, long seq, int phase, long sentNanos) {

    public byte[] toPayload(int size) {
        byte[] stamp = (flowId + "#" + seq + "|" + phase + "|" + sentNanos + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(stamp, Math.max(size, stamp.length));
        Arrays.fill(payload, stamp.length, payload.length, (byte) '.');
        return payload;
    }

    /** Reads the stamp at the start of a payload; empty if there is none. */
    public static Optional<BenchStamp> read(byte[] payload) {
        int hash = -1;
        int[] bars = new int[3];
        int found = 0;
        for (int i = 0; i < payload.length && i < 200 && found < 3; i++) {
            if (payload[i] == '#' && hash < 0) {
                hash = i;
            } else if (payload[i] == '|' && hash > 0) {
                bars[found++] = i;
            }
        }
        if (found < 3) {
            return Optional.empty();
        }
        try {
            String flow = new String(payload, 0, hash, StandardCharsets.US_ASCII);
            long seq = Long.parseLong(new String(payload, hash + 1, bars[0] - hash - 1, StandardCharsets.US_ASCII));
            int phase = Integer.parseInt(new String(payload, bars[0] + 1, bars[1] - bars[0] - 1, StandardCharsets.US_ASCII));
            long sent = Long.parseLong(new String(payload, bars[1] + 1, bars[2] - bars[1] - 1, StandardCharsets.US_ASCII));
            return Optional.of(new BenchStamp(flow, seq, phase, sent));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
