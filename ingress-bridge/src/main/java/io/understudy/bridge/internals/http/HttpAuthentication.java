package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.understudy.bridge.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may POST packets ({@code http.auth.mode}): anyone, a sender with the bearer token, a sender
 * with a client certificate the TLS layer verified against {@code http.tls.truststore.location},
 * or either of the two.
 */
final class HttpAuthentication {

    static final HttpAuthentication NONE = new HttpAuthentication(false, false, new byte[0]);

    private final boolean tokenAccepted;
    private final boolean certificateAccepted;
    private final byte[] token;

    private HttpAuthentication(boolean tokenAccepted, boolean certificateAccepted, byte[] token) {
        this.tokenAccepted = tokenAccepted;
        this.certificateAccepted = certificateAccepted;
        this.token = token;
    }

    static HttpAuthentication of(BridgeConfig config) {
        String mode = config.httpAuthMode();
        return new HttpAuthentication(mode.contains("token"), mode.contains("client-certificate"),
                config.httpAuthToken().getBytes(StandardCharsets.UTF_8));
    }

    boolean required() {
        return tokenAccepted || certificateAccepted;
    }

    /** Why the request is not authenticated, or empty when it is. */
    Optional<String> refusal(HttpExchange exchange) {
        if (!required()) {
            return Optional.empty();
        }
        if (certificateAccepted && hasVerifiedClientCertificate(exchange)) {
            return Optional.empty();
        }
        if (tokenAccepted) {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    // constant time: how much of a guess matched must not show in the response time
                    && MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                return Optional.empty();
            }
        }
        return Optional.of(tokenAccepted && certificateAccepted
                ? "A bearer token (Authorization: Bearer ...) or a trusted client certificate is required"
                : tokenAccepted ? "A valid bearer token (Authorization: Bearer ...) is required"
                : "A client certificate issued by a trusted authority is required");
    }

    /** The trust manager has checked any certificate the client presented; presenting one is enough. */
    private static boolean hasVerifiedClientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return false;
        }
        try {
            return https.getSSLSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    /** The challenge a 401 carries. */
    String challenge() {
        return tokenAccepted ? "Bearer realm=\"understudy-bridge\"" : "Certificate";
    }
}
