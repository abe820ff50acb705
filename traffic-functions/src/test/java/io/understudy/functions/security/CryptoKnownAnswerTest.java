package io.understudy.functions.security;

import org.junit.jupiter.api.Test;

import java.security.InvalidKeyException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static io.understudy.functions.security.SecurityFixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The primitives against their published test vectors. */
class CryptoKnownAnswerTest {

    static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void hkdfSha256MatchesRfc5869TestCase1() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = Hkdf.extract(salt, ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", hexOf(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hexOf(Hkdf.expand(prk, info, 42)));
    }

    @Test
    void hkdfSha256MatchesRfc5869TestCase3WithEmptySaltAndInfo() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                hexOf(Hkdf.derive(new byte[0], ikm, new byte[0], 42)));
    }

    /** The GCM specification's test case 16 (McGrew and Viega): AES-256, 96-bit IV, with AAD. */
    @Test
    void aes256GcmMatchesGcmSpecificationTestCase16() throws Exception {
        byte[] key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = hex("cafebabefacedbaddecaf888");
        byte[] plaintext = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        String ciphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
        String tag = "76fc6ece0f4e1768cddf8853bb2d551b";

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(SecureWireFormat.TAG_BITS, iv));
        cipher.updateAAD(aad);
        assertEquals(ciphertext + tag, hexOf(cipher.doFinal(plaintext)));

        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(SecureWireFormat.TAG_BITS, iv));
        cipher.updateAAD(aad);
        assertEquals(hexOf(plaintext), hexOf(cipher.doFinal(hex(ciphertext + tag))));
    }

    @Test
    void x25519MatchesRfc7748Section61() throws InvalidKeyException {
        byte[] alicePrivate = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = X25519.publicKeyOf(alicePrivate);
        byte[] bobPublic = X25519.publicKeyOf(bobPrivate);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hexOf(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hexOf(bobPublic));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, hexOf(X25519.sharedSecret(X25519.privateKey(alicePrivate), bobPublic)));
        assertEquals(shared, hexOf(X25519.sharedSecret(X25519.privateKey(bobPrivate), alicePublic)));
    }

    /** RFC 7748 section 5.2; the second vector's u has its top bit set, which must be ignored. */
    @Test
    void x25519MatchesRfc7748Section52() throws InvalidKeyException {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", hexOf(X25519.sharedSecret(
                X25519.privateKey(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")),
                hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", hexOf(X25519.sharedSecret(
                X25519.privateKey(hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d")),
                hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
    }

    @Test
    void x25519RefusesSmallOrderPoints() {
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        for (byte[] point : new byte[][] {zero, one}) {
            assertThrows(InvalidKeyException.class,
                    () -> X25519.sharedSecret(X25519.privateKey(SecurityFixtures.NODE_PRIVATE), point));
        }
    }
}
