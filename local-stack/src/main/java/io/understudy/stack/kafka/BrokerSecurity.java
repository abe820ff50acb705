package io.understudy.stack.kafka;

import io.understudy.stack.tls.TlsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Secured listeners for an {@link EmbeddedKafkaBroker}, beside its PLAINTEXT one: a SASL_SSL
 * listener (SCRAM-SHA-512; users are added with {@link EmbeddedKafkaBroker#createScramUser}) and
 * an SSL listener that requires a client certificate (mTLS; the principal is the certificate's
 * common name, {@code CN=node-a} becomes {@code User:node-a}).
 *
 * <p>With {@code authorizer} on, the broker runs Kafka's {@code StandardAuthorizer}: a principal
 * may do only what ACLs allow it, except the super users. The PLAINTEXT listener (and so the
 * controller and the broker itself) acts as {@code User:ANONYMOUS}, which is always a super user
 * here: it is the administrator's way in, on the loopback interface.
 *
 * @param broker             the broker's server certificate (must name 127.0.0.1)
 * @param truststore         PKCS12 trust store of the authority that issued client and broker certificates
 * @param truststorePassword its password
 * @param authorizer         run the StandardAuthorizer
 * @param superUsers         more super users, e.g. {@code User:admin}
 */
public record BrokerSecurity(TlsIdentity broker, Path truststore, String truststorePassword, boolean authorizer,
                             List<String> superUsers) {

    /** The principal of the PLAINTEXT listener, the controller and inter-broker traffic. */
    public static final String PLAINTEXT_PRINCIPAL = "User:ANONYMOUS";
    /** The only SASL mechanism of the SASL_SSL listener. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    public BrokerSecurity {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        superUsers = List.copyOf(superUsers);
    }
}
