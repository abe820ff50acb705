package io.understudy.cli.traffic;

import io.understudy.cli.CommandFailure;
import io.understudy.functions.security.KeyFile;
import io.understudy.functions.security.NodeKeyPair;
import io.understudy.harness.traffic.BridgeLink;
import io.understudy.harness.traffic.ClientProtocol;
import io.understudy.harness.traffic.Payloads;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.TrafficGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code understudy traffic}: real sessions against a running ingress bridge (see {@link TrafficGenerator}). */
@Command(name = "traffic",
        description = "Sends traffic in a traffic function's own protocol to a running ingress bridge, over TCP or HTTP:"
                + " passthrough payloads, router packets (SYN then ACK per connection), or security-engine sessions"
                + " (a handshake with a fresh X25519 key, then AES-GCM sealed data). Records every acknowledged packet"
                + " (flow, seq, partition, offset, SHA-256 of the payload egress must carry) in --record.")
public final class TrafficCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--function", defaultValue = "passthrough",
            description = "Protocol to speak: passthrough, router or security-engine (default ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp or http (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--bridge", paramLabel = "HOST:PORT",
            description = "The bridge's TCP or HTTP endpoint (default 127.0.0.1:7400 for tcp, 127.0.0.1:7480 for http).")
    String bridge;

    @Option(names = "--flows", defaultValue = "10", description = "Concurrent flows (sessions) (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rate", defaultValue = "100", description = "Packets per second in total (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds of traffic (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--payload-size", defaultValue = "100",
            description = "Bytes of payload per packet, before any header or tag (default ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "security-engine: the nodes' public key file (or their key file; only the public key is read).")
    Path keyFile;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Where to record what was sent (default: .understudy/traffic/sent-<time>.tsv).")
    Path record;

    @Option(names = "--flow-prefix", defaultValue = "flow-", description = "Flow ids are this and a number (default ${DEFAULT-VALUE}).")
    String flowPrefix;

    @Option(names = "--seed", description = "Seed of the payload bytes (default: the current time).")
    Long seed;

    @Option(names = "--unnumbered", description = "Send packets without their number within the flow, as an endpoint"
            + " that does not number its packets (default: numbered, so that nodes apply each packet once even when it"
            + " reaches ingress twice).")
    boolean unnumbered;

    /** Largest payload: the router's data length field is 16 bits; the bridge's frame limit is larger. */
    static final int MAX_PAYLOAD = 65_000;

    @Override
    public Integer call() throws Exception {
        ClientProtocol protocol = protocol();
        BridgeLink.Transport via = transport();
        if (flows < 1 || rate < 1 || durationSeconds < 1) {
            throw usage("--flows, --rate and --duration must be at least 1");
        }
        if (payloadSize < 1 || payloadSize > MAX_PAYLOAD) {
            throw usage("--payload-size must be 1.." + MAX_PAYLOAD + ", got " + payloadSize);
        }
        if (flowPrefix.isEmpty()) {
            throw usage("--flow-prefix must not be empty");
        }
        byte[] publicKey = null;
        if (protocol == ClientProtocol.SECURITY_ENGINE) {
            if (keyFile == null) {
                throw usage("--function security-engine needs --key-file (the nodes' public key file)");
            }
            try {
                publicKey = KeyFile.readPublicKey(keyFile);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
        }
        String[] hostPort = hostPort(via);
        long runSeed = seed != null ? seed : System.currentTimeMillis();
        Path recordFile = record != null ? record
                : Path.of(".understudy", "traffic", "sent-" + System.currentTimeMillis() + ".tsv");
        PrintWriter out = spec.commandLine().getOut();

        TrafficGenerator.Settings settings = new TrafficGenerator.Settings(protocol, flows, rate,
                new Payloads(payloadSize, runSeed), publicKey, flowPrefix, !unnumbered);
        // Ctrl-C stops the sending; the hook then waits until the answers in flight are in the closed record
        CountDownLatch finished = new CountDownLatch(1);
        try (BridgeLink link = BridgeLink.connect(via, hostPort[0], Integer.parseInt(hostPort[1]), Math.min(flows, 8));
             SentLog log = SentLog.create(recordFile, "function=" + protocol.functionName() + " flows=" + flows
                     + " payload-size=" + payloadSize + " seed=" + runSeed + " transport=" + via.name().toLowerCase());
             TrafficGenerator generator = new TrafficGenerator(settings, link, log)) {
            out.printf("sending %s traffic to %s://%s:%s: %d flows, %d packets/s for %d s, %d-byte %s payloads%s%n",
                    protocol.functionName(), via.name().toLowerCase(), hostPort[0], hostPort[1], flows, rate,
                    durationSeconds, payloadSize, unnumbered ? "unnumbered" : "numbered", publicKey == null ? ""
                            : "; node key " + NodeKeyPair.fingerprintOf(publicKey));
            out.flush();
            Thread interrupt = new Thread(() -> {
                generator.stop();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "traffic-stop");
            Runtime.getRuntime().addShutdownHook(interrupt);
            long begin = System.currentTimeMillis();
            generator.start(Duration.ofSeconds(durationSeconds));
            long nextProgress = begin + 2_000;
            while (generator.running()) {
                Thread.sleep(100);
                if (System.currentTimeMillis() >= nextProgress) {
                    progress(out, generator, begin);
                    nextProgress += 2_000;
                }
            }
            try {
                generator.awaitDone(Duration.ofSeconds(60));
            } catch (TimeoutException e) {
                throw new CommandFailure("the bridge did not answer every packet within 60 s after the last one was sent");
            } finally {
                removeHook(interrupt);
            }
            progress(out, generator, begin);
            out.printf("done: %,d packets acknowledged (%,d carrying payloads, %,d handshakes), %,d refused; record: %s%n",
                    generator.acknowledgedPayloads() + generator.acknowledgedHandshakes(), generator.acknowledgedPayloads(),
                    generator.acknowledgedHandshakes(), generator.refused(), recordFile.toAbsolutePath());
            out.flush();
            return generator.refused() == 0 ? 0 : 1;
        } finally {
            finished.countDown();
        }
    }

    private static void progress(PrintWriter out, TrafficGenerator generator, long begin) {
        out.printf("  [%4ds] sent %,9d  acknowledged %,9d  refused %,d%n", (System.currentTimeMillis() - begin) / 1000,
                generator.sent(), generator.acknowledgedPayloads() + generator.acknowledgedHandshakes(), generator.refused());
        String refusal = generator.newRefusal();
        if (refusal != null) {
            out.println("  ! the bridge refused a packet: " + refusal);
        }
        out.flush();
    }

    private ClientProtocol protocol() {
        try {
            return ClientProtocol.of(function);
        } catch (IllegalArgumentException e) {
            throw usage("--function: " + e.getMessage());
        }
    }

    private BridgeLink.Transport transport() {
        return switch (transport) {
            case "tcp" -> BridgeLink.Transport.TCP;
            case "http" -> BridgeLink.Transport.HTTP;
            default -> throw usage("--transport must be tcp or http, got '" + transport + "'");
        };
    }

    private String[] hostPort(BridgeLink.Transport via) {
        String text = bridge != null ? bridge : via == BridgeLink.Transport.TCP ? "127.0.0.1:7400" : "127.0.0.1:7480";
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw usage("--bridge must be HOST:PORT, got '" + text + "'");
        }
        String port = text.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw usage("--bridge port must be 1..65535, got " + number);
            }
        } catch (NumberFormatException e) {
            throw usage("--bridge must be HOST:PORT, got '" + text + "'");
        }
        return new String[] {text.substring(0, colon), port};
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
