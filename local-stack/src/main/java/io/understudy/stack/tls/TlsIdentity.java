package io.understudy.stack.tls;

import java.nio.file.Path;

/**
 * A PKCS12 key store holding one private key and its certificate chain (issued by a
 * {@link CertificateAuthority}), as Kafka's {@code ssl.keystore.*} settings take it.
 *
 * @param name     the certificate's common name ({@code CN=name}); what mTLS principals are mapped from
 * @param keystore the PKCS12 file
 * @param password the store's and the key's password
 */
public record TlsIdentity(String name, Path keystore, String password) {

    /** Kafka client settings presenting this identity: key store only (add the trust store yourself). */
    public java.util.Map<String, String> kafkaKeystoreSettings() {
        return java.util.Map.of(
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", password,
                "ssl.key.password", password);
    }
}
