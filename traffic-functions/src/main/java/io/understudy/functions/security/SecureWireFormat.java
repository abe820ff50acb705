package io.understudy.functions.security;

import java.nio.charset.StandardCharsets;

/**
 * The security engine's packets, shared by the node ({@link SecurityEngineFunction}) and the
 * client ({@link io.understudy.functions.security.client.SecureSessionClient}). Big-endian:
 *
 * <pre>
 * HANDSHAKE, exactly 34 bytes:
 *   0  1   version, 1
 *   1  1   type, 1
 *   2  32  the client's ephemeral X25519 public key (RFC 7748 encoding)
 *
 * DATA, at least 26 bytes:
 *   0  1   version, 1
 *   1  1   type, 2
 *   2  8   sequence number, 0 .. 2^63-1, never reused within a session
 *   10 n   AES-256-GCM ciphertext of the n-16 plaintext bytes, then the 16-byte tag
 * </pre>
 *
 * <p>GCM nonce (12 bytes) = 4 zero bytes then the 8-byte sequence number: a function of the packet,
 * never random, and unique per session key because sequence numbers are. Additional
 * authenticated data = the flow id in UTF-8 then the 8-byte sequence number, so a packet cannot
 * be moved to another flow or renumbered.
 */
public final class SecureWireFormat {

    public static final byte VERSION = 1;
    public static final byte HANDSHAKE = 1;
    public static final byte DATA = 2;

    public static final int HANDSHAKE_SIZE = 2 + X25519.KEY_SIZE;
    public static final int SEQUENCE_AT = 2;
    public static final int CIPHERTEXT_AT = 10;
    public static final int TAG_SIZE = 16;
    public static final int TAG_BITS = TAG_SIZE * 8;
    public static final int NONCE_SIZE = 12;
    public static final int MIN_DATA_SIZE = CIPHERTEXT_AT + TAG_SIZE;

    private SecureWireFormat() {
    }

    /** A HANDSHAKE packet carrying the client's ephemeral public key. */
    public static byte[] handshake(byte[] clientPublicKey) {
        if (clientPublicKey.length != X25519.KEY_SIZE) {
            throw new IllegalArgumentException("client public key must be " + X25519.KEY_SIZE + " bytes");
        }
        byte[] packet = new byte[HANDSHAKE_SIZE];
        packet[0] = VERSION;
        packet[1] = HANDSHAKE;
        System.arraycopy(clientPublicKey, 0, packet, 2, X25519.KEY_SIZE);
        return packet;
    }

    /** The client public key of a HANDSHAKE packet (whose size and header were checked). */
    static byte[] handshakeKey(byte[] packet) {
        byte[] key = new byte[X25519.KEY_SIZE];
        System.arraycopy(packet, 2, key, 0, X25519.KEY_SIZE);
        return key;
    }

    /** The GCM nonce of a sequence number. */
    public static byte[] nonce(long sequence) {
        byte[] nonce = new byte[NONCE_SIZE];
        putLong(nonce, 4, sequence);
        return nonce;
    }

    /** The additional authenticated data of a DATA packet. */
    public static byte[] additionalData(String flowId, long sequence) {
        byte[] flow = flowId.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[flow.length + 8];
        System.arraycopy(flow, 0, aad, 0, flow.length);
        putLong(aad, flow.length, sequence);
        return aad;
    }

    /** A DATA packet's header; the ciphertext and tag follow. */
    public static void writeDataHeader(byte[] packet, long sequence) {
        packet[0] = VERSION;
        packet[1] = DATA;
        putLong(packet, SEQUENCE_AT, sequence);
    }

    public static long sequenceOf(byte[] packet) {
        long value = 0;
        for (int i = SEQUENCE_AT; i < SEQUENCE_AT + 8; i++) {
            value = (value << 8) | (packet[i] & 0xFF);
        }
        return value;
    }

    private static void putLong(byte[] target, int at, long value) {
        for (int i = 0; i < 8; i++) {
            target[at + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
