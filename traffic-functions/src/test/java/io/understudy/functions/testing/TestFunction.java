package io.understudy.functions.testing;

import io.understudy.api.FunctionConfig;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;
import io.understudy.api.TrafficFunctionProvider;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * What every traffic function written for a test repeats: a name, version 1, an empty configuration
 * fingerprint unless it overrides it, a state codec, and a provider that offers it to a node's
 * catalog. A test function (the node's {@code FailingFunction} and {@code ClosingSessions}, the
 * audit's {@code FanOutFunction}) extends it and writes only what it does with a packet.
 *
 * @param <S> the per-flow state
 */
public abstract class TestFunction<S> implements TrafficFunction<S> {

    /** A per-flow count as state: 8 bytes, big-endian. */
    public static final StateCodec<Long> COUNT = new StateCodec<>() {
        @Override
        public byte[] encode(Long state) {
            return ByteBuffer.allocate(Long.BYTES).putLong(state).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    private final String name;
    private final StateCodec<S> codec;

    protected TestFunction(String name, StateCodec<S> codec) {
        this.name = name;
        this.codec = codec;
    }

    /** A provider that creates the function named {@code name} from its configuration. */
    public static TrafficFunctionProvider provider(String name, Function<FunctionConfig, TrafficFunction<?>> create) {
        return new TrafficFunctionProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TrafficFunction<?> create(FunctionConfig config) {
                return create.apply(config);
            }
        };
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String configFingerprint() {
        return "";
    }

    @Override
    public final StateCodec<S> stateCodec() {
        return codec;
    }
}
