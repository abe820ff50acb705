package io.understudy.stack.kafka;

import io.understudy.stack.net.LoopbackPorts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every broker property the embedded broker sets, with its value and the reason, in one place.
 * Anything not listed keeps Kafka's default; {@link BrokerOptions#overrides()} wins over all of it.
 */
public final class BrokerSettings {

    /** One broker property: its value here, and why it differs from Kafka's default. */
    public record Setting(String key, String value, String why) {
    }

    /** The node id of the single combined broker + controller. */
    static final int NODE_ID = 1;

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** How the single node is laid out (ports and directories are added per start). */
    public static final List<Setting> TOPOLOGY = List.of(
            new Setting("process.roles", "broker,controller", "one node is both broker and KRaft controller"),
            new Setting("node.id", String.valueOf(NODE_ID), "the only node"),
            new Setting("controller.listener.names", CONTROLLER_LISTENER, "the controller has its own listener"),
            new Setting("inter.broker.listener.name", BROKER_LISTENER, "there is one client listener"),
            new Setting("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
                    "no TLS or SASL on the loopback interface"));

    /**
     * How the broker behaves: settings that suit any single-broker cluster for development and
     * tests (the JUnit extension applies them to a Testcontainers broker too).
     */
    public static final List<Setting> BEHAVIOUR = List.of(
            new Setting("auto.create.topics.enable", "false",
                    "topics are created on purpose, with the partition counts the design needs; a typo fails loudly"),
            new Setting("num.partitions", "1", "only used by explicit creates that give no count"),
            new Setting("offsets.topic.replication.factor", "1", "one broker"),
            new Setting("offsets.topic.num.partitions", "4", "default 50: fewer partitions, faster first group join"),
            new Setting("transaction.state.log.replication.factor", "1", "one broker"),
            new Setting("transaction.state.log.min.isr", "1", "one broker"),
            new Setting("transaction.state.log.num.partitions", "4", "default 50: fewer partitions, faster first transaction"),
            new Setting("share.coordinator.state.topic.replication.factor", "1", "one broker"),
            new Setting("share.coordinator.state.topic.min.isr", "1", "one broker"),
            new Setting("default.replication.factor", "1", "one broker"),
            new Setting("min.insync.replicas", "1", "one broker: acks=all means this broker"),
            new Setting("group.initial.rebalance.delay.ms", "0", "default 3 s: the first rebalance of a group starts at once"),
            // The floors below only allow clients to ask for faster group liveness; clients that ask
            // nothing keep Kafka's defaults (45 s for the consumer protocol, 45 s classic).
            new Setting("group.min.session.timeout.ms", "500", "classic protocol floor (default 6 s)"),
            new Setting("group.consumer.min.session.timeout.ms", "1000", "consumer protocol floor (default 45 s)"),
            new Setting("group.consumer.min.heartbeat.interval.ms", "100", "consumer protocol floor (default 5 s)"),
            new Setting("group.streams.min.session.timeout.ms", "1000", "streams protocol floor (default 45 s)"),
            new Setting("group.streams.min.heartbeat.interval.ms", "100", "streams protocol floor (default 5 s)"),
            new Setting("broker.session.timeout.ms", "1500",
                    "default 9 s: a broker restarted after a crash (kill -9) registers again only once its old session expired"),
            new Setting("broker.heartbeat.interval.ms", "300", "default 2 s: must stay well under the session timeout"),
            new Setting("add.partitions.to.txn.retry.backoff.ms", "1",
                    "default 20 ms: with transactions v2 the first write of each transaction to a partition waits on the"
                    + " broker until the previous transaction's markers are written, polled at this interval; exactly-once"
                    + " stages that commit every 20 ms spent most of a flush in that wait (node catch-up +35% in one run)"),
            new Setting("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024),
                    "default 128 MiB of heap for compaction; test data is small"));

    private BrokerSettings() {
    }

    /**
     * SASL_SSL (SCRAM-SHA-512) and SSL with required client certificates, beside PLAINTEXT, which
     * stays the inter-broker and controller listener; and the StandardAuthorizer when asked for.
     */
    private static void addSecureListeners(Map<String, String> settings, String host, SecureListeners secure) {
        BrokerSecurity security = secure.security();
        String saslSsl = SASL_SSL_LISTENER + "://" + host + ":" + secure.saslSslPort();
        String ssl = SSL_LISTENER + "://" + host + ":" + secure.sslPort();
        settings.put("listeners", settings.get("listeners") + "," + saslSsl + "," + ssl);
        settings.put("advertised.listeners", settings.get("advertised.listeners") + "," + saslSsl + "," + ssl);
        settings.put("listener.security.protocol.map", settings.get("listener.security.protocol.map")
                + "," + SASL_SSL_LISTENER + ":SASL_SSL," + SSL_LISTENER + ":SSL");
        settings.put("sasl.enabled.mechanisms", BrokerSecurity.SCRAM_MECHANISM);
        settings.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", security.broker().keystore().toAbsolutePath().toString());
        settings.put("ssl.keystore.password", security.broker().password());
        settings.put("ssl.key.password", security.broker().password());
        settings.put("ssl.truststore.type", "PKCS12");
        settings.put("ssl.truststore.location", security.truststore().toAbsolutePath().toString());
        settings.put("ssl.truststore.password", security.truststorePassword());
        // mTLS on the SSL listener only; SASL_SSL clients authenticate with SCRAM
        settings.put("listener.name.ssl.ssl.client.auth", "required");
        // the certificate's CN is the principal: CN=node-a -> User:node-a
        settings.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        if (security.authorizer()) {
            settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            List<String> superUsers = new java.util.ArrayList<>(List.of(BrokerSecurity.PLAINTEXT_PRINCIPAL));
            superUsers.addAll(security.superUsers());
            settings.put("super.users", String.join(";", superUsers));
        }
    }

    static final String SASL_SSL_LISTENER = "SASL_SSL";
    static final String SSL_LISTENER = "SSL";

    /** The secured listeners' ports, and how they are secured. */
    record SecureListeners(int saslSslPort, int sslPort, BrokerSecurity security) {
    }

    /** The full broker configuration for one node listening on the given loopback ports. */
    static Properties forNode(int port, int controllerPort, Path logDir, Map<String, String> overrides) {
        return forNode(port, controllerPort, logDir, overrides, null);
    }

    /** As above, with secured listeners too when {@code secure} is not null. */
    static Properties forNode(int port, int controllerPort, Path logDir, Map<String, String> overrides,
                              SecureListeners secure) {
        Map<String, String> settings = new LinkedHashMap<>();
        TOPOLOGY.forEach(s -> settings.put(s.key(), s.value()));
        BEHAVIOUR.forEach(s -> settings.put(s.key(), s.value()));
        String host = LoopbackPorts.HOST;
        settings.put("listeners", BROKER_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        settings.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + port);
        // a static quorum of one voter: the controller port is known before start
        settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        settings.put("log.dirs", logDir.toAbsolutePath().toString());
        if (secure != null) {
            addSecureListeners(settings, host, secure);
        }
        settings.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }
}
