package io.understudy.functions.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.HexFormat;

/**
 * The node's long-term X25519 key pair, shared by primary and backups (read from a
 * {@link KeyFile}). Its {@link #fingerprint()} names the public half only.
 */
public final class NodeKeyPair {

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    /**
     * @param rawPrivateKey the 32-byte X25519 private key
     * @param rawPublicKey  the 32-byte X25519 public key, which must belong to the private key
     * @throws IllegalArgumentException when the public key does not belong to the private key
     */
    public NodeKeyPair(byte[] rawPrivateKey, byte[] rawPublicKey) {
        byte[] derived = X25519.publicKeyOf(rawPrivateKey);
        if (!MessageDigest.isEqual(derived, rawPublicKey)) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        this.privateKey = X25519.privateKey(rawPrivateKey);
        this.publicKey = rawPublicKey.clone();
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code x25519-sha256:} and the hex SHA-256 of the raw public key. */
    public String fingerprint() {
        return fingerprintOf(publicKey);
    }

    /** The fingerprint of a raw public key, e.g. to check a client's copy against a node's. */
    public static String fingerprintOf(byte[] rawPublicKey) {
        try {
            return "x25519-sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawPublicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "NodeKeyPair[" + fingerprint() + "]"; // never the private key
    }
}
