package io.understudy.stack.kafka;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as a process of its own, so a test can kill it (SIGKILL)
 * and start it again on the same data. {@link BrokerProcess} does that from Java.
 *
 * <pre>
 * java -cp ... io.understudy.stack.kafka.StandaloneBroker --port 9092 --controller-port 9093 \
 *      --data-dir /tmp/broker [--keep-data] [--override key=value]...
 * </pre>
 *
 * Prints {@value #READY_PREFIX}{@code <bootstrap servers>} on stdout once the broker answers, and
 * stops the broker cleanly on SIGTERM or SIGINT.
 */
public final class StandaloneBroker {

    /** The line printed when the broker is ready, followed by its bootstrap servers. */
    public static final String READY_PREFIX = "BROKER READY ";

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StandaloneBroker: " + e.getMessage());
            System.err.println("usage: StandaloneBroker [--port N] [--controller-port N] [--data-dir DIR] [--keep-data] [--override key=value]...");
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "understudy-broker-stop"));
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    static BrokerOptions parse(String[] args) {
        BrokerOptions options = BrokerOptions.defaults();
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options = options.withPort(intValue(arg, valueAfter(args, i++)));
                case "--controller-port" -> options = options.withControllerPort(intValue(arg, valueAfter(args, i++)));
                case "--data-dir" -> options = options.withDataDir(Paths.get(valueAfter(args, i++)));
                case "--keep-data" -> options = options.withKeepData(true);
                case "--override" -> {
                    String pair = valueAfter(args, i++);
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--override wants key=value, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return options.withOverrides(overrides);
    }

    /** The arguments that make {@link #parse} return {@code options}. */
    static String[] toArgs(BrokerOptions options) {
        List<String> args = new ArrayList<>();
        args.add("--port");
        args.add(String.valueOf(options.port()));
        args.add("--controller-port");
        args.add(String.valueOf(options.controllerPort()));
        if (options.dataDir() != null) {
            Path dir = options.dataDir().toAbsolutePath();
            args.add("--data-dir");
            args.add(dir.toString());
        }
        if (options.keepData()) {
            args.add("--keep-data");
        }
        options.overrides().forEach((key, value) -> {
            args.add("--override");
            args.add(key + "=" + value);
        });
        return args.toArray(String[]::new);
    }

    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int intValue(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a number, got '" + value + "'");
        }
    }
}
