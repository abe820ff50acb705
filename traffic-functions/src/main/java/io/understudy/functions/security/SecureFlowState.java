package io.understudy.functions.security;

import io.understudy.api.StateCodec;
import io.understudy.functions.codec.StateReader;
import io.understudy.functions.codec.StateWriter;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The security engine's per-flow state: the session key the handshake derived (so data packets
 * never re-run the key agreement) and the replay window, plus counters.
 *
 * @param sessionKey the 32-byte AES-256 key; never modified
 * @param window     the anti-replay window
 * @param packets    data packets decrypted and forwarded
 * @param bytes      plaintext bytes forwarded
 * @param drops      packets of this session dropped
 */
public record SecureFlowState(byte[] sessionKey, ReplayWindow window, long packets, long bytes, long drops) {

    public SecureFlowState {
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(window, "window");
        if (sessionKey.length != SessionKeyDerivation.KEY_SIZE) {
            throw new IllegalArgumentException("session key must be " + SessionKeyDerivation.KEY_SIZE + " bytes");
        }
    }

    static SecureFlowState opened(byte[] sessionKey) {
        return new SecureFlowState(sessionKey, ReplayWindow.EMPTY, 0, 0, 0);
    }

    SecureFlowState accepted(long sequence, int plaintextBytes) {
        return new SecureFlowState(sessionKey, window.accept(sequence), packets + 1, bytes + plaintextBytes, drops);
    }

    SecureFlowState dropped() {
        return new SecureFlowState(sessionKey, window, packets, bytes, drops + 1);
    }

    private static final int FORMAT = 1;
    private static final int SIZE = 1 + SessionKeyDerivation.KEY_SIZE + 5 * 8;

    /**
     * Encoding, 73 bytes big-endian: format (1) = 1, session key (32), highest sequence number (8),
     * window bitmap (8), packets (8), bytes (8), drops (8). It holds the session key: state stores
     * and checkpoints are as secret as the traffic.
     */
    public static final StateCodec<SecureFlowState> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(SecureFlowState s) {
            return new StateWriter(SIZE)
                    .writeByte(FORMAT)
                    .writeBytes(s.sessionKey)
                    .writeLong(s.window.highest())
                    .writeLong(s.window.seen())
                    .writeLong(s.packets)
                    .writeLong(s.bytes)
                    .writeLong(s.drops)
                    .toBytes();
        }

        @Override
        public SecureFlowState decode(byte[] bytes) {
            StateReader in = new StateReader("security-engine flow state", bytes, SIZE);
            in.readByteInRange("format", FORMAT, FORMAT);
            byte[] key = in.readBytes(SessionKeyDerivation.KEY_SIZE);
            ReplayWindow window = new ReplayWindow(in.readLong(), in.readLong());
            if (window.highest() < -1) {
                throw in.corrupt("highest sequence number is " + window.highest());
            }
            return new SecureFlowState(key, window, in.readLong(), in.readLong(), in.readLong());
        }
    };

    @Override
    public boolean equals(Object o) {
        return o instanceof SecureFlowState s && MessageDigest.isEqual(s.sessionKey, sessionKey)
                && s.window.equals(window) && s.packets == packets && s.bytes == bytes && s.drops == drops;
    }

    @Override
    public int hashCode() {
        return Objects.hash(window, packets, bytes, drops);
    }

    @Override
    public String toString() {
        return "SecureFlowState[window=" + window + ", packets=" + packets + ", bytes=" + bytes + ", drops=" + drops + "]";
    }
}
