package io.understudy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void secretsAreRecognisedByName() {
        for (String key : new String[] {"kafka.sasl.jaas.config", "kafka.ssl.keystore.password", "kafka.ssl.key.password",
                "kafka.ssl.truststore.password", "producer.sasl.jaas.config", "http.auth.token", "kafka.ssl.keystore.key",
                "function.key.secret", "kafka.sasl.oauthbearer.client.credentials.client.secret"}) {
            assertTrue(SecretMasking.isSecret(key), key);
            assertEquals(SecretMasking.MASK, SecretMasking.shown(key, "hunter2"), key);
        }
        for (String key : new String[] {"kafka.security.protocol", "kafka.ssl.truststore.location", "kafka.sasl.mechanism",
                "node.id", "bootstrap.servers"}) {
            assertFalse(SecretMasking.isSecret(key), key);
            assertEquals("v", SecretMasking.shown(key, "v"));
        }
    }
}
