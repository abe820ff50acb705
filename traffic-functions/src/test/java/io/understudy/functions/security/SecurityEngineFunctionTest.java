package io.understudy.functions.security;

import io.understudy.api.Emission;
import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.functions.security.client.SecurityKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static io.understudy.functions.security.SecurityFixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecurityEngineFunctionTest {

    final SecurityEngineFunction engine = SecurityFixtures.engine();
    long offset;

    Packet packet(String flow, byte[] payload) {
        return new Packet(flow, 0, offset++, 1000, false, payload);
    }

    SecureFlowState open(SecureSessionClient client) {
        Outcome<SecureFlowState> outcome = engine.process(null, packet(client.flowId(), client.handshake()));
        assertNull(outcome.dropReason());
        assertEquals(List.of(), outcome.emissions(), "a handshake emits nothing");
        return outcome.state();
    }

    @Test
    void aHandshakeOpensTheSessionAndDataComesOutDecrypted() {
        SecureSessionClient client = SecurityFixtures.client("flow-1", "client-1");
        SecureFlowState state = open(client);
        assertEquals(new SecureFlowState(state.sessionKey(), ReplayWindow.EMPTY, 0, 0, 0), state);

        Outcome<SecureFlowState> first = engine.process(state, packet("flow-1", client.seal(bytes("hello"))));
        assertEquals(List.of(Emission.of(bytes("hello"))), first.emissions());
        Outcome<SecureFlowState> second = engine.process(first.state(), packet("flow-1", client.seal(bytes("world!"))));
        assertEquals(List.of(Emission.of(bytes("world!"))), second.emissions());
        assertEquals(new SecureFlowState(state.sessionKey(), new ReplayWindow(1, 0b11), 2, 11, 0), second.state());
    }

    @Test
    void theSessionKeyIsDerivedAsDocumented() throws Exception {
        byte[] ephemeral = SecurityFixtures.ephemeralKey("client-1");
        SecureSessionClient client = SecureSessionClient.withEphemeralKey("flow-1", SecurityFixtures.NODE_PUBLIC, ephemeral);
        SecureFlowState state = open(client);

        byte[] clientPublic = X25519.publicKeyOf(ephemeral);
        byte[] secret = X25519.sharedSecret(X25519.privateKey(ephemeral), SecurityFixtures.NODE_PUBLIC);
        byte[] salt = concat(clientPublic, SecurityFixtures.NODE_PUBLIC);
        byte[] info = concat(bytes("understudy security-engine v1 session key"), new byte[] {0}, bytes("flow-1"));
        assertArrayEquals(Hkdf.derive(salt, secret, info, 32), state.sessionKey());
        assertArrayEquals(concat(new byte[] {1, 1}, clientPublic), client.handshake(), "HANDSHAKE layout");

        // DATA layout: 01 02 | seq | AES-256-GCM(nonce = 0000_0000 | seq, aad = flow id | seq)
        byte[] data = client.seal(0x0102030405L, bytes("abc"));
        assertEquals("0102" + "0000000102030405", HexFormat.of().formatHex(data, 0, 10));
        assertEquals(10 + 3 + 16, data.length);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(state.sessionKey(), "AES"),
                new GCMParameterSpec(128, hex("000000000000000102030405")));
        cipher.updateAAD(concat(bytes("flow-1"), hex("0000000102030405")));
        assertArrayEquals(bytes("abc"), cipher.doFinal(data, 10, data.length - 10));
    }

    @Test
    void outOfOrderPacketsInsideTheWindowAreAcceptedOnce() {
        SecureSessionClient client = SecurityFixtures.client("f", "c");
        SecureFlowState state = open(client);
        byte[] p70 = client.seal(70, bytes("70"));
        byte[] p7 = client.seal(7, bytes("7"));
        byte[] p6 = client.seal(6, bytes("6"));
        state = expectForwarded(state, "f", p70, "70");
        state = expectForwarded(state, "f", p7, "7");       // 63 behind
        state = expectDropped(state, "f", p6, "outside replay window"); // 64 behind
        state = expectDropped(state, "f", p7, "replay");
        state = expectDropped(state, "f", p70, "replay");
        assertEquals(new SecureFlowState(state.sessionKey(), new ReplayWindow(70, 1L | (1L << 63)), 2, 3, 3), state);
    }

    @Test
    void everyDropSaysWhyAndTheFlowGoesOn() {
        SecureSessionClient client = SecurityFixtures.client("f", "c");
        byte[] early = client.seal(bytes("too early"));
        Outcome<SecureFlowState> unknown = engine.process(null, packet("f", early));
        assertEquals("unknown session", unknown.dropReason());
        assertNull(unknown.state());

        SecureFlowState state = open(client);
        byte[] tampered = client.seal(bytes("secret"));
        tampered[tampered.length - 1] ^= 1;
        state = expectDropped(state, "f", tampered, "authentication failed");
        state = expectDropped(state, "f", client.handshake(), "session already established");
        state = expectDropped(state, "f", new byte[0], "malformed");
        state = expectDropped(state, "f", new byte[] {2, 2, 0, 0, 0, 0, 0, 0, 0, 0}, "malformed");
        state = expectDropped(state, "f", new byte[] {1, 9}, "malformed");
        state = expectDropped(state, "f", Arrays.copyOf(client.handshake(), 33), "malformed");
        state = expectDropped(state, "f", Arrays.copyOf(client.seal(bytes("")), 25), "malformed");
        byte[] negative = client.seal(bytes("x"));
        negative[2] = (byte) 0x80;
        state = expectDropped(state, "f", negative, "malformed");
        Outcome<SecureFlowState> control = engine.process(state, new Packet("f", 0, offset++, 1000, true, new byte[0]));
        assertEquals("control record ignored", control.dropReason());
        assertEquals(state, control.state());

        // the flow goes on: a packet the window has not seen is still accepted
        state = expectForwarded(state, "f", early, "too early");
        assertEquals(8, state.drops());

        assertEquals("handshake rejected", engine.process(null, packet("g", SecureWireFormat.handshake(new byte[32]))).dropReason());
    }

    @Test
    void aPacketMovedToAnotherFlowFailsAuthentication() {
        SecureSessionClient client = SecurityFixtures.client("f", "c");
        SecureFlowState state = open(client);
        byte[] data = client.seal(bytes("for f only"));
        Outcome<SecureFlowState> moved = engine.process(state, packet("g", data)); // g's state would be another key anyway
        assertEquals("authentication failed", moved.dropReason());
        // same handshake replayed on another flow gives that flow another key
        SecureFlowState other = engine.process(null, packet("g", client.handshake())).state();
        assertNotEquals(HexFormat.of().formatHex(state.sessionKey()), HexFormat.of().formatHex(other.sessionKey()));
        assertEquals("authentication failed", engine.process(other, packet("g", data)).dropReason());
    }

    @Test
    void theFingerprintIsThePublicKeysAndNothingOfThePrivateKey() throws Exception {
        String expected = "x25519-sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(SecurityFixtures.NODE_PUBLIC));
        assertEquals(expected, engine.configFingerprint());
        Path sameKeyOtherLayout = SecurityFixtures.writeText("# another copy\n\npublic-key = "
                + HexFormat.of().formatHex(SecurityFixtures.NODE_PUBLIC) + "\nalgorithm=X25519\nprivate-key="
                + HexFormat.of().formatHex(SecurityFixtures.NODE_PRIVATE) + "\n");
        assertEquals(expected, new SecurityEngineProvider().create(SecurityFixtures.config(sameKeyOtherLayout)).configFingerprint());

        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        Path otherKey = SecurityFixtures.writeKeyFile(alice, X25519.publicKeyOf(alice));
        assertNotEquals(expected, new SecurityEngineProvider().create(SecurityFixtures.config(otherKey)).configFingerprint());
        assertEquals("security-engine", engine.name());
        assertEquals("1", engine.version());
    }

    @Test
    void generatedKeysWorkEndToEnd() throws Exception {
        Path keyFile = SecurityFixtures.tempDirectory().resolve("generated.key");
        byte[] publicKey = SecurityKeys.generate(keyFile);
        keyFile.toFile().deleteOnExit();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertArrayEquals(publicKey, KeyFile.readPublicKey(keyFile));
        assertEquals("key file " + keyFile + " already exists: not overwriting a key", assertThrows(IllegalArgumentException.class,
                () -> SecurityKeys.generate(keyFile)).getMessage());

        Path publicFile = keyFile.resolveSibling("generated.pub");
        KeyFile.writePublicKey(publicFile, publicKey);
        publicFile.toFile().deleteOnExit();
        SecureSessionClient client = SecureSessionClient.open("f", KeyFile.readPublicKey(publicFile));

        SecurityEngineFunction generated = (SecurityEngineFunction) new SecurityEngineProvider().create(SecurityFixtures.config(keyFile));
        SecureFlowState state = generated.process(null, packet("f", client.handshake())).state();
        assertEquals(List.of(Emission.of(bytes("hi"))), generated.process(state, packet("f", client.seal(bytes("hi")))).emissions());
        assertEquals(NodeKeyPair.fingerprintOf(publicKey), generated.configFingerprint());
        assertEquals("key file " + publicFile + ": no private-key",
                assertThrows(IllegalArgumentException.class, () -> KeyFile.readKeyPair(publicFile)).getMessage());
    }

    @Test
    void badKeyFilesAreRefusedWithTheFileAndTheReason() {
        String priv = HexFormat.of().formatHex(SecurityFixtures.NODE_PRIVATE);
        String pub = HexFormat.of().formatHex(SecurityFixtures.NODE_PUBLIC);
        assertBadKeyFile("algorithm=RSA\nprivate-key=" + priv + "\npublic-key=" + pub, "algorithm is 'RSA', expected X25519");
        assertBadKeyFile("private-key=" + priv + "\npublic-key=" + pub, "algorithm is missing, expected X25519");
        assertBadKeyFile("algorithm=X25519\npublic-key=" + pub, "no private-key");
        assertBadKeyFile("algorithm=X25519\nprivate-key=" + priv.substring(2) + "\npublic-key=" + pub,
                "private-key must be 64 hex digits, got 62");
        assertBadKeyFile("algorithm=X25519\nprivate-key=" + priv.replace('d', 'x') + "\npublic-key=" + pub,
                "private-key is not hexadecimal");
        assertBadKeyFile("algorithm=X25519\nprivate-key=" + priv + "\npublic-key=" + pub.replace('d', 'e'),
                "the public key does not belong to the private key");
        assertBadKeyFile("algorithm=X25519\nsecret=1", "2: unknown field 'secret' (known: algorithm, private-key, public-key)");
        assertBadKeyFile("algorithm=X25519\nalgorithm=X25519", "2: 'algorithm' given twice");
        assertBadKeyFile("just words", "1: expected name=value");

        Path missing = Path.of("/nonexistent/node.key");
        assertEquals("cannot read key file /nonexistent/node.key: java.nio.file.NoSuchFileException: /nonexistent/node.key",
                assertThrows(IllegalArgumentException.class, () -> new SecurityEngineProvider().create(SecurityFixtures.config(missing)))
                        .getMessage());
        assertEquals("missing function setting 'function.security.key-file': " + SecurityConfig.KEY_FILE.doc(),
                assertThrows(IllegalArgumentException.class, () -> new SecurityEngineProvider().create(FunctionConfig.empty()))
                        .getMessage());
        FunctionConfig typo = new FunctionConfig(Map.of("function.security.keyfile", "x"));
        assertEquals("unknown function setting(s) [function.security.keyfile]; known under 'function.security.': "
                        + "[function.security.key-file]",
                assertThrows(IllegalArgumentException.class, () -> new SecurityEngineProvider().create(typo)).getMessage());
    }

    private static void assertBadKeyFile(String text, String reason) {
        Path file = SecurityFixtures.writeText(text + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecurityEngineProvider().create(SecurityFixtures.config(file)));
        String separator = Character.isDigit(reason.charAt(0)) ? ":" : ": ";
        assertEquals("key file " + file + separator + reason, e.getMessage());
    }

    @Test
    void theStateEncodesInSeventyThreeBytes() {
        SecureFlowState state = new SecureFlowState(SecurityFixtures.NODE_PUBLIC, new ReplayWindow(99, 0xF0F0L), 5, 500, 2);
        byte[] encoded = SecureFlowState.CODEC.encode(state);
        assertEquals(73, encoded.length);
        assertEquals("01" + HexFormat.of().formatHex(SecurityFixtures.NODE_PUBLIC) + "0000000000000063" + "000000000000f0f0"
                + "0000000000000005" + "00000000000001f4" + "0000000000000002", HexFormat.of().formatHex(encoded));
        assertEquals(state, SecureFlowState.CODEC.decode(encoded));
        encoded[0] = 2;
        assertEquals("security-engine flow state is corrupt: format is 2, expected 1..1",
                assertThrows(IllegalArgumentException.class, () -> SecureFlowState.CODEC.decode(encoded)).getMessage());
    }

    private SecureFlowState expectForwarded(SecureFlowState state, String flow, byte[] wire, String plaintext) {
        Outcome<SecureFlowState> outcome = engine.process(state, packet(flow, wire));
        assertNull(outcome.dropReason(), () -> "dropped: " + outcome.dropReason());
        assertEquals(List.of(Emission.of(bytes(plaintext))), outcome.emissions());
        return outcome.state();
    }

    private SecureFlowState expectDropped(SecureFlowState state, String flow, byte[] wire, String reason) {
        Outcome<SecureFlowState> outcome = engine.process(state, packet(flow, wire));
        assertEquals(reason, outcome.dropReason());
        assertEquals(List.of(), outcome.emissions());
        assertEquals(new SecureFlowState(state.sessionKey(), state.window(), state.packets(), state.bytes(), state.drops() + 1),
                outcome.state(), "a drop only counts");
        return outcome.state();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
