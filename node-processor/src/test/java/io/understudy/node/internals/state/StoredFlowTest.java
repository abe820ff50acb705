package io.understudy.node.internals.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.FlowContext;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The two stored layouts of a flow, and the flow as checkpoints and probes carry it. */
class StoredFlowTest {

    @Test
    void anUnnumberedFlowKeepsTheLayoutStoresWereWrittenIn() {
        byte[] encoded = new StoredFlow(7, new byte[] {1, 2}).encode();
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 7, 1, 2}, encoded);
        assertEquals(new StoredFlow(7, -1, new byte[] {1, 2}), StoredFlow.decode(encoded));
    }

    @Test
    void aNumberedFlowRoundTripsWithAndWithoutState() {
        StoredFlow live = new StoredFlow(0, 0, new byte[] {5});
        StoredFlow forgotten = new StoredFlow(123_456_789_012L, 41, null);
        assertEquals(live, StoredFlow.decode(live.encode()));
        assertEquals(forgotten, StoredFlow.decode(forgotten.encode()));
        assertEquals(17, forgotten.encode().length);
        assertTrue(ByteBuffer.wrap(live.encode()).getLong() < 0, "told apart by a negative first long");
        assertNull(StoredFlow.decode(forgotten.encode()).state());
    }

    @Test
    void aCheckpointCarriesTheSequenceAndTheForgottenState() {
        StoredFlow forgotten = new StoredFlow(9, 3, null);
        FlowContext context = forgotten.toContext("f");
        assertEquals(3, context.getLastSequence());
        assertNull(context.getState());
        assertEquals(forgotten, StoredFlow.of(context));
        StoredFlow unnumbered = new StoredFlow(9, new byte[] {4, 4});
        assertEquals(-1, unnumbered.toContext("g").getLastSequence());
        assertEquals(unnumbered, StoredFlow.of(unnumbered.toContext("g")));
    }

    @Test
    void corruptEntriesAreRefusedSayingWhy() {
        byte[] numbered = new StoredFlow(1, 2, new byte[] {3}).encode();
        numbered[16] = 7; // the state flag
        IllegalStateException flag = assertThrows(IllegalStateException.class, () -> StoredFlow.decode(numbered));
        assertTrue(flag.getMessage().contains("state flag 7"), flag.getMessage());
        byte[] truncated = ByteBuffer.allocate(12).putLong(-5).putInt(0).array();
        assertThrows(IllegalStateException.class, () -> StoredFlow.decode(truncated));
        assertThrows(IllegalArgumentException.class, () -> new StoredFlow(1, -1, null), "an unnumbered flow has state");
        assertThrows(IllegalArgumentException.class, () -> new StoredFlow(1, -2, new byte[0]));
    }
}
