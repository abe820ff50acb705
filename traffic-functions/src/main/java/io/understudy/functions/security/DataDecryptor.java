package io.understudy.functions.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens DATA packets with AES-256-GCM, keeping one initialised {@link Cipher} per recently used
 * session key. Why: re-initialising a JDK AES cipher with a different key re-runs the AES key
 * schedule (measured on JDK 17 here: about 5 us per 100-byte packet when flows interleave on one
 * cipher, about 1 us when the cipher already holds the key), while re-initialising with the key
 * it holds skips it.
 *
 * <p>Only expensive-to-build objects are cached, never flow state: what {@link #open} returns
 * depends on its arguments alone. Least recently used ciphers are evicted beyond
 * {@link #CAPACITY}. Not thread-safe: {@link SecurityEngineFunction} keeps one per thread.
 */
final class DataDecryptor {

    /** How many session keys keep a ready cipher (a few KB each). */
    static final int CAPACITY = 1024;

    private final Map<ByteBuffer, KeyedCipher> ciphers = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, KeyedCipher> eldest) {
            return size() > CAPACITY;
        }
    };
    private final byte[] nonce = new byte[SecureWireFormat.NONCE_SIZE];

    /** A cipher and the key it was made for. */
    private record KeyedCipher(SecretKeySpec key, Cipher cipher) {
    }

    /**
     * Decrypts and authenticates a DATA packet (whose size and header were checked).
     *
     * @return the plaintext, or null when authentication fails
     */
    byte[] open(byte[] sessionKey, String flowId, long sequence, byte[] packet) {
        KeyedCipher keyed = cipherFor(sessionKey);
        try {
            System.arraycopy(packet, SecureWireFormat.SEQUENCE_AT, nonce, 4, 8);
            keyed.cipher().init(Cipher.DECRYPT_MODE, keyed.key(), new GCMParameterSpec(SecureWireFormat.TAG_BITS, nonce));
            keyed.cipher().updateAAD(flowId.getBytes(StandardCharsets.UTF_8));
            keyed.cipher().updateAAD(packet, SecureWireFormat.SEQUENCE_AT, 8);
            return keyed.cipher().doFinal(packet, SecureWireFormat.CIPHERTEXT_AT, packet.length - SecureWireFormat.CIPHERTEXT_AT);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused a well-formed packet of flow " + flowId + ", sequence " + sequence, e);
        }
    }

    private KeyedCipher cipherFor(byte[] sessionKey) {
        KeyedCipher keyed = ciphers.get(ByteBuffer.wrap(sessionKey));
        if (keyed == null) {
            byte[] copy = sessionKey.clone();
            try {
                keyed = new KeyedCipher(new SecretKeySpec(copy, "AES"), Cipher.getInstance("AES/GCM/NoPadding"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's AES/GCM is unavailable", e);
            }
            ciphers.put(ByteBuffer.wrap(copy), keyed);
        }
        return keyed;
    }
}
