package io.understudy.selector.internals.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A new owner's writes, in the order decided, behind its {@link WriteGate}: held in memory while
 * the takeover is being confirmed, all written in order once the gate opens and before anything
 * decided later, and never written if it is refused. Past {@code maxHeld} writes the caller waits
 * for the gate instead of holding more.
 *
 * @param <R> what is written (a producer record)
 */
final class GatedWriter<R> {

    private final WriteGate gate;
    private final Consumer<R> writer;
    private final int maxHeld;
    private final List<R> held = new ArrayList<>();
    private int heldAtRelease;

    GatedWriter(WriteGate gate, Consumer<R> writer, int maxHeld) {
        this.gate = gate;
        this.writer = writer;
        this.maxHeld = maxHeld;
    }

    /**
     * Writes {@code record} after everything held, or holds it while the gate is undecided.
     *
     * @throws WriteGate.Refused when the gate was refused: nothing was or will be written
     */
    void send(R record) {
        if (!gate.isOpen()) {
            gate.throwIfRefused();
            held.add(record);
            if (held.size() >= maxHeld) {
                gate.awaitOpen();
                release();
            }
            return;
        }
        if (!held.isEmpty()) {
            release(); // the gate opened since the last look: what was decided first is written first
        }
        writer.accept(record);
    }

    /**
     * Writes what is held if the gate has opened meanwhile.
     *
     * @throws WriteGate.Refused when the gate was refused
     */
    void releaseIfOpen() {
        gate.throwIfRefused();
        if (gate.isOpen() && !held.isEmpty()) {
            release();
        }
    }

    private void release() {
        heldAtRelease = held.size();
        for (R record : held) {
            writer.accept(record);
        }
        held.clear();
    }

    /** Whether writes wait for the gate. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** How many writes were held until the gate opened (0 when none waited). */
    int heldAtRelease() {
        return heldAtRelease;
    }
}
