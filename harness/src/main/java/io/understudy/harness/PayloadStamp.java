package io.understudy.harness;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * How the demo marks each payload it sends so that egress can be matched to it: the ASCII text
 * {@code <flow>#<seq>|} at the start, padded with dots to the payload size.
 *
 * @param flowId the flow
 * @param seq    the payload's number within its flow, from 0
 */
public record PayloadStamp(String flowId, long seq) {

    public byte[] toPayload(int size) {
        byte[] stamp = (flowId + "#" + seq + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(stamp, Math.max(size, stamp.length));
        Arrays.fill(payload, stamp.length, payload.length, (byte) '.');
        return payload;
    }

    /** Reads the stamp at the start of a payload, if there is one. */
    public static Optional<PayloadStamp> read(byte[] payload) {
        int hash = -1;
        for (int i = 0; i < payload.length && i < 300; i++) {
            if (payload[i] == '#' && hash < 0) {
                hash = i;
            } else if (payload[i] == '|' && hash > 0) {
                try {
                    long seq = Long.parseLong(new String(payload, hash + 1, i - hash - 1, StandardCharsets.US_ASCII));
                    return Optional.of(new PayloadStamp(new String(payload, 0, hash, StandardCharsets.US_ASCII), seq));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
