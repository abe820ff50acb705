package io.understudy.functions.security.client;

import io.understudy.functions.security.KeyFile;
import io.understudy.functions.security.NodeKeyPair;
import io.understudy.functions.security.X25519;

import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Makes a node key file (see {@link KeyFile}) from a fresh random X25519 key.
 *
 * <pre>
 * java -cp understudy-traffic-functions.jar:understudy-api.jar \
 *     io.understudy.functions.security.client.SecurityKeys node.key [node.pub]
 * </pre>
 */
public final class SecurityKeys {

    private SecurityKeys() {
    }

    /**
     * Writes a new key file (never over an existing file).
     *
     * @return the new raw public key
     */
    public static byte[] generate(Path keyFile) {
        byte[] privateKey = new byte[X25519.KEY_SIZE];
        new SecureRandom().nextBytes(privateKey);
        byte[] publicKey = X25519.publicKeyOf(privateKey);
        KeyFile.writeKeyPair(keyFile, privateKey, publicKey);
        return publicKey;
    }

    /** {@code SecurityKeys KEY-FILE [PUBLIC-KEY-FILE]}: writes a key file, and its public key file if asked. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: SecurityKeys KEY-FILE [PUBLIC-KEY-FILE]");
            System.exit(2);
        }
        byte[] publicKey = generate(Path.of(args[0]));
        if (args.length == 2) {
            KeyFile.writePublicKey(Path.of(args[1]), publicKey);
        }
        System.out.println("wrote " + args[0] + ", public key " + NodeKeyPair.fingerprintOf(publicKey));
    }
}
