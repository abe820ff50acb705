package io.understudy.functions.security;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.functions.testing.FlowTableRun;
import io.understudy.functions.testing.HotStandby;
import io.understudy.functions.testing.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityEngineProperties {

    static final Supplier<TrafficFunction<?>> FACTORY =
            () -> new SecurityEngineProvider().create(SecurityFixtures.config(SecurityFixtures.KEY_FILE));
    static final int FLOWS = 3;
    static final Set<String> REPLAY_REFUSALS = Set.of("replay", "outside replay window", "session already established");

    enum Kind { HANDSHAKE, NEXT, SKIP_AHEAD, FILL_HOLE, REPLAY, TAMPER, GARBAGE }

    /** One generated client move on a flow; {@code amount} and {@code pick} choose sizes, gaps, earlier packets, bits. */
    record Action(Kind kind, int flow, int amount, int pick) {
    }

    @Property(tries = 150)
    void twoInstancesProduceIdenticalTranscriptsThatFollowTheProtocol(@ForAll("traffic") Script script) {
        List<Step> steps = HotStandby.assertDeterministic(FACTORY, script.packets());
        for (int i = 0; i < steps.size(); i++) {
            script.expected().get(i).check(steps.get(i), i);
        }
    }

    @Property(tries = 150)
    void aFailoverContinuesTheSameOutputAndTheBackupRefusesEveryReplay(
            @ForAll("traffic") Script script, @ForAll @IntRange(min = 0, max = 1000) int crashAt) {
        List<Packet> packets = script.packets();
        int k = crashAt % (packets.size() + 1);
        FlowTableRun<?> backup = HotStandby.assertFailover(FACTORY, packets, k);
        List<Step> transcript = backup.transcript();
        long offset = 1_000_000;
        for (int i = 0; i < packets.size(); i++) {
            if (transcript.get(i).dropReason() != null) {
                continue; // a packet refused once may be fine later (data that came before its handshake)
            }
            Packet earlier = packets.get(i);
            Step replayed = backup.apply(new Packet(earlier.flowId(), 0, offset++, earlier.timestamp(), false, earlier.payload()));
            assertTrue(REPLAY_REFUSALS.contains(String.valueOf(replayed.dropReason())),
                    "replay of packet " + i + " (" + earlier + "): " + replayed.dropReason());
        }
    }

    @Property(tries = 300)
    void anyFlippedBitIsDroppedAndTheFlowGoesOn(@ForAll @IntRange(min = 0, max = 10) int delivered,
                                                @ForAll @Size(max = 40) byte[] plaintext, @ForAll @IntRange(min = 0) int bitChoice) {
        SecurityEngineFunction engine = SecurityFixtures.engine();
        SecureSessionClient client = SecurityFixtures.client("f", "tamper");
        SecureFlowState state = engine.process(null, packet(0, client.handshake())).state();
        for (int i = 0; i < delivered; i++) {
            state = engine.process(state, packet(1 + i, client.seal(new byte[] {(byte) i}))).state();
        }
        byte[] original = client.seal(plaintext);
        int bit = bitChoice % (original.length * 8);
        byte[] tampered = original.clone();
        tampered[bit / 8] ^= (byte) (1 << (bit % 8));

        Outcome<SecureFlowState> dropped = engine.process(state, packet(100, tampered));
        if (bit / 8 >= SecureWireFormat.CIPHERTEXT_AT) {
            assertEquals("authentication failed", dropped.dropReason());
        } else if (bit / 8 < SecureWireFormat.SEQUENCE_AT) {
            assertEquals("malformed", dropped.dropReason());
        } else {
            assertTrue(Set.of("malformed", "replay", "outside replay window", "authentication failed")
                    .contains(String.valueOf(dropped.dropReason())), dropped.dropReason());
        }
        assertEquals(List.of(), dropped.emissions());
        assertEquals(state.window(), dropped.state().window(), "a forged packet never moves the window");

        Outcome<SecureFlowState> genuine = engine.process(dropped.state(), packet(101, original));
        assertNull(genuine.dropReason());
        assertEquals(List.of(Emission.of(plaintext)), genuine.emissions());
    }

    @Property(tries = 200)
    void packetsInAnyOrderInsideTheWindowAreAcceptedOnceThenReplaysRefused(@ForAll("shuffledSequences") List<Integer> order) {
        SecurityEngineFunction engine = SecurityFixtures.engine();
        SecureSessionClient client = SecurityFixtures.client("f", "order");
        SecureFlowState state = engine.process(null, packet(0, client.handshake())).state();
        List<byte[]> sent = new ArrayList<>();
        for (int sequence : order) {
            byte[] data = client.seal(sequence, new byte[] {(byte) sequence});
            sent.add(data);
            Outcome<SecureFlowState> outcome = engine.process(state, packet(sent.size(), data));
            assertNull(outcome.dropReason(), "sequence " + sequence);
            state = outcome.state();
        }
        for (byte[] data : sent) {
            assertEquals("replay", engine.process(state, packet(999, data)).dropReason());
        }
        byte[] farAhead = client.seal(order.size() + 200L, new byte[0]);
        state = engine.process(state, packet(1000, farAhead)).state();
        for (byte[] data : sent) {
            assertEquals("outside replay window", engine.process(state, packet(1001, data)).dropReason());
        }
        assertEquals(order.size() + 1, state.packets());
    }

    @Property
    void stateCodecRoundTrips(@ForAll @Size(32) byte[] key, @ForAll @IntRange(min = -1) int highest, @ForAll long seen,
                              @ForAll long packets, @ForAll long bytes, @ForAll long drops) {
        SecureFlowState state = new SecureFlowState(key, new ReplayWindow(highest, seen), packets, bytes, drops);
        byte[] encoded = SecureFlowState.CODEC.encode(state);
        assertEquals(73, encoded.length);
        SecureFlowState decoded = SecureFlowState.CODEC.decode(encoded);
        assertEquals(state, decoded);
        assertEquals(HexFormat.of().formatHex(encoded), HexFormat.of().formatHex(SecureFlowState.CODEC.encode(decoded)));
    }

    static Packet packet(long offset, byte[] payload) {
        return new Packet("f", 0, offset, 1000, false, payload);
    }

    @Provide
    Arbitrary<List<Integer>> shuffledSequences() {
        return Arbitraries.integers().between(1, 64).flatMap(n -> Arbitraries.shuffle(range(n)));
    }

    private static List<Integer> range(int n) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(i);
        }
        return values;
    }

    @Provide
    Arbitrary<Script> traffic() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Kind.HANDSHAKE)),
                Tuple.of(12, Arbitraries.just(Kind.NEXT)),
                Tuple.of(2, Arbitraries.just(Kind.SKIP_AHEAD)),
                Tuple.of(2, Arbitraries.just(Kind.FILL_HOLE)),
                Tuple.of(2, Arbitraries.just(Kind.REPLAY)),
                Tuple.of(2, Arbitraries.just(Kind.TAMPER)),
                Tuple.of(1, Arbitraries.just(Kind.GARBAGE)));
        Arbitrary<Action> actions = Combinators.combine(kinds, Arbitraries.integers().between(0, FLOWS - 1),
                Arbitraries.integers().between(0, 120), Arbitraries.integers().greaterOrEqual(0)).as(Action::new);
        return actions.list().ofMaxSize(60).map(Script::play);
    }

    /**
     * What the engine must answer to one packet, from a model of the protocol kept apart from the
     * engine's code (a set of accepted sequence numbers instead of a bitmap).
     *
     * @param forwarded  true when the packet must pass
     * @param plaintext  what a passing DATA packet must emit (null for a handshake, which emits nothing)
     * @param dropReason the reason a dropped packet must give, or null when any reason will do (forgeries)
     */
    record Expected(boolean forwarded, byte[] plaintext, String dropReason) {

        void check(Step step, int index) {
            String where = "packet " + index + ": ";
            if (forwarded) {
                assertNull(step.dropReason(), where + "dropped");
                assertEquals(plaintext == null ? List.of() : List.of(Emission.of(plaintext)), step.emissions(), where);
            } else {
                assertTrue(step.dropReason() != null, where + "passed");
                if (dropReason != null) {
                    assertEquals(dropReason, step.dropReason(), where);
                }
            }
        }
    }

    /** A genuine packet a client sent: a handshake, or a DATA packet with its sequence number and plaintext. */
    record Sent(byte[] wire, boolean handshake, long sequence, byte[] plaintext) {
    }

    /** Generated traffic and what the engine must answer to each packet. */
    record Script(List<Packet> packets, List<Expected> expected) {

        /** Plays the actions with one reproducible client per flow, modelling each flow's session. */
        static Script play(List<Action> actions) {
            List<SecureSessionClient> clients = new ArrayList<>();
            List<List<Sent>> sent = new ArrayList<>();
            List<List<Long>> holes = new ArrayList<>();
            List<Boolean> open = new ArrayList<>();
            List<Set<Long>> accepted = new ArrayList<>();
            List<Long> highest = new ArrayList<>();
            for (int flow = 0; flow < FLOWS; flow++) {
                clients.add(SecurityFixtures.client("flow-" + flow, "seed-" + flow));
                sent.add(new ArrayList<>());
                holes.add(new ArrayList<>());
                open.add(false);
                accepted.add(new HashSet<>());
                highest.add(-1L);
            }
            List<Packet> packets = new ArrayList<>();
            List<Expected> expected = new ArrayList<>();
            for (Action action : actions) {
                int flow = action.flow();
                SecureSessionClient client = clients.get(flow);
                List<Sent> flowSent = sent.get(flow);
                List<Long> flowHoles = holes.get(flow);
                List<Sent> sentData = flowSent.stream().filter(x -> !x.handshake()).toList();
                byte[] plaintext = new byte[action.amount() % 50];
                Arrays.fill(plaintext, (byte) action.pick());

                Sent genuine = null;
                byte[] forged = null;
                switch (action.kind()) {
                    case HANDSHAKE -> genuine = new Sent(client.handshake(), true, -1, null);
                    case NEXT -> genuine = data(client, client.nextSequence(), plaintext);
                    case SKIP_AHEAD -> {
                        long next = client.nextSequence();
                        long target = next + 1 + action.amount();
                        for (long hole = next; hole < target && flowHoles.size() < 8; hole++) {
                            flowHoles.add(hole);
                        }
                        genuine = data(client, target, plaintext);
                    }
                    case FILL_HOLE -> genuine = data(client, flowHoles.isEmpty() ? client.nextSequence()
                            : flowHoles.remove(action.pick() % flowHoles.size()), plaintext);
                    case REPLAY -> genuine = flowSent.isEmpty() ? new Sent(client.handshake(), true, -1, null)
                            : flowSent.get(action.pick() % flowSent.size());
                    case TAMPER -> {
                        // forgeries of DATA packets only: a forged handshake could open a session with a key no model knows
                        byte[] copy = (sentData.isEmpty() ? client.seal(plaintext) : sentData.get(action.pick() % sentData.size()).wire()).clone();
                        int bit = action.amount() % (copy.length * 8);
                        copy[bit / 8] ^= (byte) (1 << (bit % 8));
                        forged = copy;
                    }
                    case GARBAGE -> {
                        forged = new byte[plaintext.length + 1]; // version byte 0: never a valid packet
                        System.arraycopy(plaintext, 0, forged, 1, plaintext.length);
                    }
                }
                if (genuine != null) {
                    flowSent.add(genuine);
                    if (genuine.handshake()) {
                        expected.add(open.get(flow) ? new Expected(false, null, "session already established")
                                : new Expected(true, null, null));
                        open.set(flow, true);
                    } else if (!open.get(flow)) {
                        expected.add(new Expected(false, null, "unknown session"));
                    } else if (genuine.sequence() <= highest.get(flow) - ReplayWindow.SIZE) {
                        expected.add(new Expected(false, null, "outside replay window"));
                    } else if (!accepted.get(flow).add(genuine.sequence())) {
                        expected.add(new Expected(false, null, "replay"));
                    } else {
                        highest.set(flow, Math.max(highest.get(flow), genuine.sequence()));
                        expected.add(new Expected(true, genuine.plaintext(), null));
                    }
                } else {
                    expected.add(new Expected(false, null, action.kind() == Kind.GARBAGE ? "malformed" : null));
                }
                byte[] payload = genuine != null ? genuine.wire() : forged;
                packets.add(new Packet("flow-" + flow, 0, 2L * packets.size() + 11, 1_000L + packets.size(), false, payload));
            }
            return new Script(packets, expected);
        }

        private static Sent data(SecureSessionClient client, long sequence, byte[] plaintext) {
            return new Sent(client.seal(sequence, plaintext), false, sequence, plaintext);
        }
    }
}
