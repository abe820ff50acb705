package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.understudy.bridge.config.BridgeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** The HTTPS set-up of the endpoint: its key store, and the trust store for client certificates if any. */
final class HttpTls {

    private HttpTls() {
    }

    static HttpsConfigurator configurator(BridgeConfig config) {
        SSLContext context = context(config);
        boolean clientCertificates = !config.httpTlsTruststoreLocation().isBlank();
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                // "want", not "need": a sender without a certificate still gets an HTTP answer (401, counted)
                parameters.setWantClientAuth(clientCertificates);
                params.setSSLParameters(parameters);
            }
        };
    }

    private static SSLContext context(BridgeConfig config) {
        try {
            char[] keyPassword = config.httpTlsKeystorePassword().toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(config.httpTlsKeystoreLocation(), keyPassword, BridgeConfig.HTTP_TLS_KEYSTORE_LOCATION_CONFIG),
                    keyPassword);
            TrustManagerFactory trust = null;
            if (!config.httpTlsTruststoreLocation().isBlank()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(config.httpTlsTruststoreLocation(), config.httpTlsTruststorePassword().toCharArray(),
                        BridgeConfig.HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the HTTP endpoint: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, char[] password, String key) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password);
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot be read as a PKCS12 store: " + e.getMessage());
        }
        return store;
    }
}
