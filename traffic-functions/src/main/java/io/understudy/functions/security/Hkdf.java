package io.understudy.functions.security;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), on the JDK's {@link Mac}. */
public final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_SIZE = 32;

    private Hkdf() {
    }

    /** HKDF-Extract: PRK = HMAC(salt, ikm); an empty salt means HashLen zeros. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Mac mac = mac(salt.length == 0 ? new byte[HASH_SIZE] : salt);
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand: the first {@code length} bytes of T(1) | T(2) | ..., T(i) = HMAC(prk, T(i-1) | info | i). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_SIZE) {
            throw new IllegalArgumentException("HKDF-SHA256 output length " + length + " is not in 0.." + 255 * HASH_SIZE);
        }
        Mac mac = mac(prk);
        byte[] okm = new byte[length];
        byte[] block = new byte[0];
        for (int i = 1, filled = 0; filled < length; i++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) i);
            block = mac.doFinal();
            int take = Math.min(HASH_SIZE, length - filled);
            System.arraycopy(block, 0, okm, filled, take);
            filled += take;
        }
        return okm;
    }

    /** Extract then expand. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + HMAC + " is unavailable", e);
        }
    }
}
