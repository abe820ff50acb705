package io.understudy.functions.security;

import java.nio.charset.StandardCharsets;

/**
 * How both ends turn a handshake into the session's AES-256 key:
 *
 * <pre>
 * secret = X25519(node private key, client ephemeral public key)
 *        = X25519(client ephemeral private key, node public key)
 * key    = HKDF-SHA256(salt = client ephemeral public key | node public key,
 *                      ikm  = secret,
 *                      info = "understudy security-engine v1 session key" | 0x00 | flow id (UTF-8),
 *                      length = 32)
 * </pre>
 *
 * <p>The salt binds the key to both public keys, the info to the flow: the same handshake replayed
 * on another flow gives another key.
 */
public final class SessionKeyDerivation {

    public static final int KEY_SIZE = 32;

    private static final byte[] LABEL = "understudy security-engine v1 session key".getBytes(StandardCharsets.US_ASCII);

    private SessionKeyDerivation() {
    }

    public static byte[] sessionKey(byte[] sharedSecret, byte[] clientPublicKey, byte[] nodePublicKey, String flowId) {
        byte[] salt = new byte[clientPublicKey.length + nodePublicKey.length];
        System.arraycopy(clientPublicKey, 0, salt, 0, clientPublicKey.length);
        System.arraycopy(nodePublicKey, 0, salt, clientPublicKey.length, nodePublicKey.length);
        byte[] flow = flowId.getBytes(StandardCharsets.UTF_8);
        byte[] info = new byte[LABEL.length + 1 + flow.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        System.arraycopy(flow, 0, info, LABEL.length + 1, flow.length);
        return Hkdf.derive(salt, sharedSecret, info, KEY_SIZE);
    }
}
