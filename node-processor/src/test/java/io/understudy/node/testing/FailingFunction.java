package io.understudy.node.testing;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunctionProvider;
import io.understudy.functions.testing.TestFunction;
import java.nio.charset.StandardCharsets;

/**
 * A test traffic function that counts packets per flow and fails on command: payload {@code
 * recurse} recurses without end (a real {@link StackOverflowError}), {@code linkage} throws a
 * {@link NoClassDefFoundError} (an {@link Error} that is not the JVM's), {@code oom} throws an
 * {@link OutOfMemoryError}, {@code exception} an {@link IllegalStateException}.
 */
public final class FailingFunction extends TestFunction<Long> {

    public static final String NAME = "failing";

    /** Offers the function to node catalogs: {@code FunctionCatalog.load().with(FailingFunction.PROVIDER)}. */
    public static final TrafficFunctionProvider PROVIDER = provider(NAME, config -> new FailingFunction());

    private FailingFunction() {
        super(NAME, COUNT);
    }

    @Override
    public Outcome<Long> process(Long state, Packet packet) {
        switch (new String(packet.payload(), StandardCharsets.UTF_8)) {
            case "recurse" -> recurse(1);
            case "linkage" -> throw new NoClassDefFoundError("io/example/Missing");
            case "oom" -> throw new OutOfMemoryError("Java heap space (test)");
            case "exception" -> throw new IllegalStateException("told to fail");
            default -> {
            }
        }
        return Outcome.forward(state == null ? 1L : state + 1, Emission.of(packet.payload()));
    }

    private static long recurse(long depth) {
        return recurse(depth + 1) + 1;
    }
}
