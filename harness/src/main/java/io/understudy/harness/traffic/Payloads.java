package io.understudy.harness.traffic;

import io.understudy.harness.PayloadStamp;
import java.util.SplittableRandom;

/**
 * The payloads the generator sends: a {@link PayloadStamp} ({@code <flow>#<seq>|}) so that egress can
 * be matched to it, then bytes drawn from a generator seeded by (seed, flow, seq), so that a check of
 * the whole payload is a real one and a run can be reproduced from its seed. Client side only: the
 * nodes never see the seed.
 *
 * @param size bytes per payload (a longer stamp makes a longer payload)
 * @param seed the run's seed
 */
public record Payloads(int size, long seed) {

    public byte[] plaintext(String flowId, long seq) {
        byte[] payload = new PayloadStamp(flowId, seq).toPayload(size);
        int stampLength = (flowId + "#" + seq + "|").length();
        if (payload.length > stampLength) {
            byte[] filler = new byte[payload.length - stampLength];
            new SplittableRandom(seed ^ (flowId.hashCode() * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL)).nextBytes(filler);
            System.arraycopy(filler, 0, payload, stampLength, filler.length);
        }
        return payload;
    }
}
