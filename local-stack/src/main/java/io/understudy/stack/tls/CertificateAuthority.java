package io.understudy.stack.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away certificate authority: issues EC (P-256) certificates into PKCS12 key stores in
 * its directory, and writes the trust store that trusts it. Server certificates name
 * {@code 127.0.0.1} and {@code localhost} as subject alternative names, so that clients can keep
 * host name verification on. Everything is made in-process in milliseconds; nothing leaves the
 * directory. For tests and local set-ups only: the keys are as good as the directory's permissions.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create(dir, "secret");
 * TlsIdentity broker = ca.issueServer("broker");
 * TlsIdentity nodeA = ca.issueClient("node-a");   // an mTLS client: principal CN=node-a
 * Path truststore = ca.truststore();
 * }</pre>
 */
public final class CertificateAuthority {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final Path dir;
    private final String password;
    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path truststore;
    private final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

    private CertificateAuthority(Path dir, String password, String name, KeyPair keys, X509Certificate certificate,
                                 Path truststore) {
        this.dir = dir;
        this.password = password;
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.truststore = truststore;
    }

    /** A new authority (self-signed) with its trust store {@code truststore.p12} in {@code dir}. */
    public static CertificateAuthority create(Path dir, String password) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = newKeyPair();
            String name = "understudy-test-ca";
            byte[] extensions = Der.sequence(extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.booleanTrue())));
            X509Certificate certificate = sign(BigInteger.ONE, name, name, keys.getPublic().getEncoded(), extensions,
                    keys.getPrivate());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            Path truststore = dir.resolve("truststore.p12");
            store(trust, truststore, password);
            return new CertificateAuthority(dir, password, name, keys, certificate, truststore);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a test certificate authority: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test certificate authority to " + dir, e);
        }
    }

    /** A server certificate for {@code CN=name}, valid for 127.0.0.1 and localhost. */
    public TlsIdentity issueServer(String commonName) {
        return issue(commonName, true);
    }

    /** A client certificate for {@code CN=name} (an mTLS principal). */
    public TlsIdentity issueClient(String commonName) {
        return issue(commonName, false);
    }

    /** The PKCS12 trust store holding this authority's certificate (password: the authority's). */
    public Path truststore() {
        return truststore;
    }

    public String password() {
        return password;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Kafka client settings that trust this authority (trust store only). */
    public Map<String, String> kafkaTruststoreSettings() {
        return Map.of("ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", password);
    }

    private TlsIdentity issue(String commonName, boolean server) {
        try {
            KeyPair pair = newKeyPair();
            byte[] extensions = server
                    ? Der.sequence(extension(SUBJECT_ALT_NAME, false, Der.sequence(
                            Der.tagged(7, false, InetAddress.getByName("127.0.0.1").getAddress()),
                            Der.tagged(2, false, "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))))
                    : null;
            X509Certificate issued = sign(BigInteger.valueOf(serials.incrementAndGet()), commonName, name,
                    pair.getPublic().getEncoded(), extensions, keys.getPrivate());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(commonName, pair.getPrivate(), password.toCharArray(), new Certificate[] {issued, certificate});
            Path file = dir.resolve(commonName.replaceAll("[^A-Za-z0-9_.-]", "_") + ".p12");
            store(store, file, password);
            return new TlsIdentity(commonName, file, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test certificate for " + commonName + " to " + dir, e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.booleanTrue(), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** Builds, signs and parses back an X.509 v3 certificate. */
    private static X509Certificate sign(BigInteger serial, String subject, String issuer, byte[] subjectPublicKeyInfo,
                                        byte[] extensions, PrivateKey signer) throws GeneralSecurityException {
        ZonedDateTime now = ZonedDateTime.now();
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        tbs.writeBytes(Der.tagged(0, true, Der.integer(BigInteger.TWO))); // v3
        tbs.writeBytes(Der.integer(serial));
        tbs.writeBytes(algorithm);
        tbs.writeBytes(Der.commonName(issuer));
        tbs.writeBytes(Der.sequence(Der.utcTime(now.minusHours(1)), Der.utcTime(now.plus(VALIDITY))));
        tbs.writeBytes(Der.commonName(subject));
        tbs.writeBytes(subjectPublicKeyInfo);
        if (extensions != null) {
            tbs.writeBytes(Der.tagged(3, true, extensions));
        }
        byte[] toBeSigned = Der.sequence(tbs.toByteArray());
        Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
        signature.initSign(signer);
        signature.update(toBeSigned);
        byte[] certificate = Der.sequence(toBeSigned, algorithm, Der.bitString(signature.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

}
