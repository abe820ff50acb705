package io.understudy.functions.security.client;

import io.understudy.functions.security.SecureWireFormat;
import io.understudy.functions.security.SessionKeyDerivation;
import io.understudy.functions.security.X25519;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client end of one security-engine session (one flow): makes the HANDSHAKE packet and seals
 * plaintexts into DATA packets, numbered 0, 1, 2, ... For traffic generators and tests. Not
 * thread-safe.
 *
 * <pre>
 * SecureSessionClient session = SecureSessionClient.open("flow-7", KeyFile.readPublicKey(path));
 * send(session.handshake());
 * send(session.seal("hello".getBytes()));
 * </pre>
 */
public final class SecureSessionClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String flowId;
    private final byte[] ephemeralPublicKey;
    private final SecretKeySpec sessionKey;
    private final Cipher cipher;
    private long nextSequence;

    private SecureSessionClient(String flowId, byte[] nodePublicKey, byte[] ephemeralPrivateKey) {
        this.flowId = flowId;
        this.ephemeralPublicKey = X25519.publicKeyOf(ephemeralPrivateKey);
        byte[] secret;
        try {
            secret = X25519.sharedSecret(X25519.privateKey(ephemeralPrivateKey), nodePublicKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the node public key is not usable: " + e.getMessage(), e);
        }
        this.sessionKey = new SecretKeySpec(
                SessionKeyDerivation.sessionKey(secret, ephemeralPublicKey, nodePublicKey, flowId), "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES/GCM is unavailable", e);
        }
    }

    /** A session with a fresh random ephemeral key. */
    public static SecureSessionClient open(String flowId, byte[] nodePublicKey) {
        byte[] ephemeralPrivateKey = new byte[X25519.KEY_SIZE];
        RANDOM.nextBytes(ephemeralPrivateKey);
        return new SecureSessionClient(flowId, nodePublicKey, ephemeralPrivateKey);
    }

    /** A session with a given ephemeral private key (32 bytes): reproducible traffic for tests and benchmarks. */
    public static SecureSessionClient withEphemeralKey(String flowId, byte[] nodePublicKey, byte[] ephemeralPrivateKey) {
        return new SecureSessionClient(flowId, nodePublicKey, ephemeralPrivateKey);
    }

    public String flowId() {
        return flowId;
    }

    /** The HANDSHAKE packet: send it first. */
    public byte[] handshake() {
        return SecureWireFormat.handshake(ephemeralPublicKey);
    }

    /** Seals the next plaintext with the next sequence number. */
    public byte[] seal(byte[] plaintext) {
        return seal(nextSequence, plaintext);
    }

    /**
     * Seals a plaintext with a chosen sequence number; later {@link #seal(byte[])} calls continue
     * after the highest number used. A sequence number must never be sealed twice (it is the
     * nonce): to replay, resend the same bytes.
     */
    public byte[] seal(long sequence, byte[] plaintext) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence number " + sequence + " is negative");
        }
        byte[] packet = new byte[SecureWireFormat.CIPHERTEXT_AT + plaintext.length + SecureWireFormat.TAG_SIZE];
        SecureWireFormat.writeDataHeader(packet, sequence);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, sessionKey,
                    new GCMParameterSpec(SecureWireFormat.TAG_BITS, SecureWireFormat.nonce(sequence)));
            cipher.updateAAD(SecureWireFormat.additionalData(flowId, sequence));
            cipher.doFinal(plaintext, 0, plaintext.length, packet, SecureWireFormat.CIPHERTEXT_AT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal sequence number " + sequence + " of flow " + flowId
                    + " (sealed twice in a row?)", e);
        }
        nextSequence = Math.max(nextSequence, sequence + 1);
        return packet;
    }

    /** The sequence number {@link #seal(byte[])} will use next. */
    public long nextSequence() {
        return nextSequence;
    }
}
