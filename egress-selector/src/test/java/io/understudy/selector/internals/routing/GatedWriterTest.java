package io.understudy.selector.internals.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new owner's writes behind its gate: held, then written in the order decided, or never. */
class GatedWriterTest {

    private final List<String> written = new ArrayList<>();
    private final WriteGate gate = new WriteGate();
    private final GatedWriter<String> writes = new GatedWriter<>(gate, written::add, 1_000);

    @Test
    void whatWasHeldIsWrittenBeforeAnythingDecidedAfterTheGateOpened() {
        writes.send("r1");
        writes.send("r2");
        assertEquals(List.of(), written, "nothing written while the takeover is not confirmed");
        assertTrue(writes.holding());

        gate.open(); // between two polls: the next write comes before the worker looks at the gate again
        writes.send("r3");
        assertEquals(List.of("r1", "r2", "r3"), written, "in the order decided");
        assertEquals(2, writes.heldAtRelease());
        assertFalse(writes.holding());
    }

    @Test
    void theWorkerLookingAtTheOpenedGateWritesWhatWasHeldInOrder() {
        writes.send("r1");
        writes.send("r2");
        writes.releaseIfOpen();
        assertEquals(List.of(), written);
        gate.open();
        writes.releaseIfOpen();
        writes.send("r3");
        assertEquals(List.of("r1", "r2", "r3"), written);
    }

    @Test
    void aRefusedGateWritesNothingEver() {
        writes.send("r1");
        gate.refuse("the state moved");
        assertThrows(WriteGate.Refused.class, writes::releaseIfOpen);
        WriteGate.Refused refused = assertThrows(WriteGate.Refused.class, () -> writes.send("r2"));
        assertEquals("the state moved", refused.getMessage());
        gate.open(); // too late: the first word counts
        assertThrows(WriteGate.Refused.class, () -> writes.send("r3"));
        assertEquals(List.of(), written);
    }

    @Test
    void pastTheBoundTheWriterWaitsForTheGateThenWritesInOrder() throws Exception {
        GatedWriter<String> bounded = new GatedWriter<>(gate, written::add, 2);
        bounded.send("r1");
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.open();
        });
        opener.start();
        bounded.send("r2"); // the second is the bound: waits until the gate opens
        opener.join();
        bounded.send("r3");
        assertEquals(List.of("r1", "r2", "r3"), written);
    }
}
