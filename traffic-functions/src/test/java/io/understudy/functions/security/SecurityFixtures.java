package io.understudy.functions.security;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.security.client.SecureSessionClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A node key file (RFC 7748's "Bob" key, so it is fixed and public) and reproducible clients (also
 * for the node processor's tests).
 */
public final class SecurityFixtures {

    static final byte[] NODE_PRIVATE = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] NODE_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    public static final Path KEY_FILE = writeKeyFile(NODE_PRIVATE, NODE_PUBLIC);

    private SecurityFixtures() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    static Path tempDirectory() {
        try {
            Path directory = Files.createTempDirectory("security-keys");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeKeyFile(byte[] privateKey, byte[] publicKey) {
        Path file = tempDirectory().resolve("node.key");
        KeyFile.writeKeyPair(file, privateKey, publicKey);
        file.toFile().deleteOnExit();
        return file;
    }

    static Path writeText(String text) {
        try {
            Path file = tempDirectory().resolve("node.key");
            Files.writeString(file, text);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FunctionConfig config(Path keyFile) {
        return new FunctionConfig(Map.of("function.security.key-file", keyFile.toString()));
    }

    static SecurityEngineFunction engine() {
        return (SecurityEngineFunction) new SecurityEngineProvider().create(config(KEY_FILE));
    }

    /** The ephemeral private key of a reproducible client: SHA-256 of the seed. */
    static byte[] ephemeralKey(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SecureSessionClient client(String flowId, String seed) {
        return SecureSessionClient.withEphemeralKey(flowId, NODE_PUBLIC, ephemeralKey(seed));
    }
}
