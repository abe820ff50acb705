package io.understudy.functions.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The security engine's key file: UTF-8 text, {@code name=value} lines, blank lines and
 * {@code #} comments ignored.
 *
 * <pre>
 * # Understudy security-engine node key
 * algorithm=X25519
 * private-key=&lt;64 hex digits: the 32-byte X25519 private key (RFC 7748)&gt;
 * public-key=&lt;64 hex digits: the 32-byte X25519 public key (RFC 7748)&gt;
 * </pre>
 *
 * <p>A <em>public key file</em> (what traffic generators get) is the same without the
 * {@code private-key} line. The nodes read a key file; {@link #readPublicKey} reads either.
 * Written with owner-only permissions where the file system has POSIX permissions, and never over
 * an existing file.
 */
public final class KeyFile {

    public static final String ALGORITHM = "X25519";

    private static final HexFormat HEX = HexFormat.of();

    private KeyFile() {
    }

    /**
     * Reads a node key pair.
     *
     * @throws IllegalArgumentException naming the file (and line) and what is wrong
     */
    public static NodeKeyPair readKeyPair(Path file) {
        Map<String, String> fields = read(file);
        byte[] privateKey = key(file, fields, "private-key");
        byte[] publicKey = key(file, fields, "public-key");
        try {
            return new NodeKeyPair(privateKey, publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the public key of a key file or of a public key file. */
    public static byte[] readPublicKey(Path file) {
        return key(file, read(file), "public-key");
    }

    /** Writes a key file (private and public key); refuses to replace an existing file. */
    public static void writeKeyPair(Path file, byte[] privateKey, byte[] publicKey) {
        write(file, "# Understudy security-engine node key. Secret: for the nodes only.\n"
                + "algorithm=" + ALGORITHM + "\n"
                + "private-key=" + HEX.formatHex(privateKey) + "\n"
                + "public-key=" + HEX.formatHex(publicKey) + "\n", true);
    }

    /** Writes a public key file (for clients and traffic generators); refuses to replace an existing file. */
    public static void writePublicKey(Path file, byte[] publicKey) {
        write(file, "# Understudy security-engine node public key (" + NodeKeyPair.fingerprintOf(publicKey) + ")\n"
                + "algorithm=" + ALGORITHM + "\n"
                + "public-key=" + HEX.formatHex(publicKey) + "\n", false);
    }

    private static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e, e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("key file " + file + ":" + (i + 1) + ": expected name=value");
            }
            String name = line.substring(0, equals).strip();
            if (!List.of("algorithm", "private-key", "public-key").contains(name)) {
                throw new IllegalArgumentException("key file " + file + ":" + (i + 1) + ": unknown field '" + name
                        + "' (known: algorithm, private-key, public-key)");
            }
            if (fields.put(name, line.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("key file " + file + ":" + (i + 1) + ": '" + name + "' given twice");
            }
        }
        String algorithm = fields.get("algorithm");
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("key file " + file + ": algorithm is " + (algorithm == null ? "missing" : "'" + algorithm + "'")
                    + ", expected " + ALGORITHM);
        }
        return fields;
    }

    private static byte[] key(Path file, Map<String, String> fields, String name) {
        String hex = fields.get(name);
        if (hex == null) {
            throw new IllegalArgumentException("key file " + file + ": no " + name);
        }
        if (hex.length() != 2 * X25519.KEY_SIZE) {
            throw new IllegalArgumentException("key file " + file + ": " + name + " must be " + 2 * X25519.KEY_SIZE
                    + " hex digits, got " + hex.length());
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + ": " + name + " is not hexadecimal");
        }
    }

    private static void write(Path file, String text, boolean secret) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("key file " + file + " already exists: not overwriting a key");
        }
        try {
            if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write key file " + file + ": " + e, e);
        }
    }
}
