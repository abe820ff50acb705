package io.understudy.functions.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, as they travel on the wire and sit in key files, using
 * the JDK's {@code XDH} provider. Public keys are little-endian u-coordinates, private keys the
 * 32-byte scalars (clamped by the function itself).
 */
public final class X25519 {

    public static final int KEY_SIZE = 32;

    /** The base point u = 9: X25519(k, 9) is the public key of k. */
    private static final byte[] BASE_POINT = basePoint();

    private X25519() {
    }

    /**
     * The shared secret X25519(privateKey, peerPublicKey).
     *
     * @throws InvalidKeyException when the peer key is a small-order point (the secret would be all zeros)
     */
    public static byte[] sharedSecret(PrivateKey privateKey, byte[] peerPublicKey) throws InvalidKeyException {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(privateKey);
            agreement.doPhase(publicKey(peerPublicKey), true);
            byte[] secret = agreement.generateSecret();
            if (isAllZero(secret)) { // RFC 7748 section 6.1: refuse, whatever the provider did
                throw new InvalidKeyException("X25519 shared secret is all zeros (small-order public key)");
            }
            return secret;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's X25519 is unavailable", e);
        }
    }

    /** The raw public key of a raw private key: X25519(k, 9). */
    public static byte[] publicKeyOf(byte[] rawPrivateKey) {
        try {
            return sharedSecret(privateKey(rawPrivateKey), BASE_POINT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("X25519 with the base point cannot give zero", e);
        }
    }

    /** A JDK private key object for a raw 32-byte scalar. */
    public static PrivateKey privateKey(byte[] raw) {
        checkSize(raw, "private key");
        try {
            return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, raw.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's X25519 is unavailable", e);
        }
    }

    private static PublicKey publicKey(byte[] raw) {
        checkSize(raw, "public key");
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = raw[KEY_SIZE - 1 - i];
        }
        bigEndian[0] &= 0x7F; // RFC 7748 section 5: the top bit of the last byte is ignored
        try {
            return KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's X25519 is unavailable", e);
        }
    }

    private static void checkSize(byte[] key, String what) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("X25519 " + what + " must be " + KEY_SIZE + " bytes, got " + key.length);
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }

    private static byte[] basePoint() {
        byte[] u = new byte[KEY_SIZE];
        u[0] = 9;
        return u;
    }
}
