package io.understudy.functions.passthrough;

import io.understudy.api.Emission;
import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PassthroughFunctionTest {

    final PassthroughFunction function = new PassthroughFunction();

    @Test
    void forwardsThePayloadUnchangedAndCountsIt() {
        byte[] payload = {1, 2, 3};
        Outcome<FlowCount> first = function.process(null, new Packet("f", 0, 10, 1000, false, payload));
        assertEquals(List.of(Emission.of(new byte[] {1, 2, 3})), first.emissions());
        assertNull(first.dropReason());
        assertEquals(new FlowCount(1, 3), first.state());

        Outcome<FlowCount> second = function.process(first.state(), new Packet("f", 0, 12, 1001, false, new byte[5]));
        assertEquals(new FlowCount(2, 8), second.state());
    }

    @Test
    void ignoresControlRecordsAndKeepsTheState() {
        FlowCount state = new FlowCount(4, 40);
        Outcome<FlowCount> outcome = function.process(state, new Packet("f", 0, 10, 1000, true, new byte[3]));
        assertEquals("control record ignored", outcome.dropReason());
        assertSame(state, outcome.state());
        assertEquals(List.of(), outcome.emissions());
    }

    @Test
    void encodesTheStateInSixteenBigEndianBytes() {
        byte[] encoded = FlowCount.CODEC.encode(new FlowCount(0x0102, 0xA0B0C0D0E0L));
        assertEquals("0000000000000102000000a0b0c0d0e0", HexFormat.of().formatHex(encoded));
        assertEquals(new FlowCount(0x0102, 0xA0B0C0D0E0L), FlowCount.CODEC.decode(encoded));
        assertArrayEquals(encoded, FlowCount.CODEC.encode(FlowCount.CODEC.decode(encoded)));
    }

    @Test
    void refusesAStateOfTheWrongSize() {
        assertEquals("passthrough flow state: expected 16 bytes, got 15",
                assertThrows(IllegalArgumentException.class, () -> FlowCount.CODEC.decode(new byte[15])).getMessage());
    }

    @Test
    void providerRefusesSettingsItDoesNotHave() {
        assertEquals("passthrough", new PassthroughProvider().create(FunctionConfig.empty()).name());
        FunctionConfig config = new FunctionConfig(Map.of("function.passthrough.speed", "fast"));
        assertEquals("unknown function setting(s) [function.passthrough.speed]; known under 'function.passthrough.': []",
                assertThrows(IllegalArgumentException.class, () -> new PassthroughProvider().create(config)).getMessage());
    }
}
