package io.understudy.bridge;

import static io.understudy.bridge.TcpIngressIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.TrafficPacket;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import io.understudy.stack.tls.CertificateAuthority;
import io.understudy.stack.tls.TlsIdentity;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoint over TLS (certificates made in the test), authenticating senders by bearer
 * token or client certificate: a request without them gets 401, is counted, and publishes nothing.
 */
@ExtendWith(UnderstudyStackExtension.class)
class HttpSecurityIT {

    private static final String PASSWORD = "bridge-test-secret";
    private static final String TOKEN = "s3cr3t-token";

    @TempDir
    static Path dir;
    private static CertificateAuthority ca;
    private static TlsIdentity server;

    @BeforeAll
    static void certificates() {
        ca = CertificateAuthority.create(dir.resolve("tls"), PASSWORD);
        server = ca.issueServer("bridge");
    }

    @Test
    void httpsWithBearerTokenRefusesAndCountsEveryRequestWithoutIt(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "https-token", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of(
                "http.tls.keystore.location", server.keystore().toString(),
                "http.tls.keystore.password", PASSWORD,
                "http.auth.mode", "token",
                "http.auth.token", TOKEN)))) {
            HttpClient client = client(null);
            URI packets = URI.create("https://127.0.0.1:" + bridge.ports().http() + "/flows/f/packets");

            HttpResponse<String> none = client.send(post(packets, null), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = client.send(post(packets, "Bearer not-it"), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> right = client.send(post(packets, "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());

            assertEquals(401, none.statusCode(), none.body());
            assertTrue(none.body().contains("UNAUTHENTICATED"), none.body());
            assertEquals("Bearer realm=\"understudy-bridge\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, wrong.statusCode(), wrong.body());
            assertEquals(202, right.statusCode(), right.body());
            assertEquals(2, bridge.metrics().snapshot().rejected(RejectReason.UNAUTHENTICATED));
            assertEquals(1, bridge.metrics().snapshot().received());
            // health stays open for probes; the counter shows in /metrics
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + bridge.ports().http() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("UNAUTHENTICATED"), metrics.body());
        }
        List<ConsumerRecord<String, TrafficPacket>> written = topic.readAll();
        assertEquals(1, written.size(), "only the authenticated packet was published");
    }

    @Test
    void httpsWithClientCertificatesAcceptsTrustedSendersOnly(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "https-mtls", 1);
        CertificateAuthority stranger = CertificateAuthority.create(dir.resolve("other-ca"), PASSWORD);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of(
                "http.tls.keystore.location", server.keystore().toString(),
                "http.tls.keystore.password", PASSWORD,
                "http.tls.truststore.location", ca.truststore().toString(),
                "http.tls.truststore.password", PASSWORD,
                "http.auth.mode", "client-certificate")))) {
            URI packets = URI.create("https://127.0.0.1:" + bridge.ports().http() + "/flows/f/packets");

            HttpResponse<String> withCertificate = client(ca.issueClient("sender-1"))
                    .send(post(packets, null), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> without = client(null).send(post(packets, null), HttpResponse.BodyHandlers.ofString());

            assertEquals(202, withCertificate.statusCode(), withCertificate.body());
            assertEquals(401, without.statusCode(), without.body());
            boolean untrustedRefused;
            try {
                HttpResponse<String> untrusted = client(stranger.issueClient("intruder"))
                        .send(post(packets, null), HttpResponse.BodyHandlers.ofString());
                untrustedRefused = untrusted.statusCode() == 401;
            } catch (java.io.IOException handshakeRefused) {
                untrustedRefused = true; // a certificate from an unknown authority fails the TLS handshake itself
            }
            assertTrue(untrustedRefused, "a certificate from another authority is not accepted");
            assertEquals(1, bridge.metrics().snapshot().received());
            assertTrue(bridge.metrics().snapshot().rejected(RejectReason.UNAUTHENTICATED) >= 1);
        }
        assertEquals(1, topic.readAll().size());
    }

    private static HttpRequest post(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(text("hello")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    /** A client that trusts the test authority, presenting {@code identity}'s certificate if not null. */
    private static HttpClient client(TlsIdentity identity) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(ca.truststore()));
        KeyManagerFactory keys = null;
        if (identity != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(identity.keystore()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
