package io.understudy.functions.testing;

import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a traffic function the way a node does: per-flow states kept ENCODED in a store (so every
 * packet goes through the codec), one {@link Step} recorded per packet.
 *
 * @param <S> the function's state type
 */
public final class FlowTableRun<S> {

    private final TrafficFunction<S> function;
    private final Map<String, byte[]> store = new TreeMap<>();
    private final List<Step> steps = new ArrayList<>();

    private FlowTableRun(TrafficFunction<S> function) {
        this.function = function;
    }

    public static <S> FlowTableRun<S> of(TrafficFunction<S> function) {
        return new FlowTableRun<>(function);
    }

    public Step apply(Packet packet) {
        byte[] stored = store.get(packet.flowId());
        S state = stored == null ? null : function.stateCodec().decode(stored);
        Outcome<S> outcome = function.process(state, packet);
        String stateHex;
        if (outcome.state() == null) {
            store.remove(packet.flowId());
            stateHex = null;
        } else {
            byte[] encoded = function.stateCodec().encode(outcome.state());
            store.put(packet.flowId(), encoded);
            stateHex = HexFormat.of().formatHex(encoded);
        }
        Step step = new Step(packet.offset(), packet.flowId(), outcome.emissions(), outcome.dropReason(), stateHex);
        steps.add(step);
        return step;
    }

    public List<Step> applyAll(List<Packet> packets) {
        List<Step> result = new ArrayList<>();
        for (Packet packet : packets) {
            result.add(apply(packet));
        }
        return result;
    }

    /** Every step so far, in order. */
    public List<Step> transcript() {
        return List.copyOf(steps);
    }

    /** The store as hex, flow by flow: comparable with equals. */
    public Map<String, String> storeHex() {
        Map<String, String> hex = new TreeMap<>();
        store.forEach((flow, bytes) -> hex.put(flow, HexFormat.of().formatHex(bytes)));
        return hex;
    }

    /** A copy of the encoded states: what a checkpoint carries. */
    public Map<String, byte[]> checkpoint() {
        Map<String, byte[]> copy = new TreeMap<>();
        store.forEach((flow, bytes) -> copy.put(flow, bytes.clone()));
        return copy;
    }

    /** Installs a checkpoint, like a backup does before going live. */
    public void install(Map<String, byte[]> checkpoint) {
        store.clear();
        checkpoint.forEach((flow, bytes) -> store.put(flow, bytes.clone()));
    }
}
