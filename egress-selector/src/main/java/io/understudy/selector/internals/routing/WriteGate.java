package io.understudy.selector.internals.routing;

import java.util.concurrent.CountDownLatch;

/**
 * Holds a new owner's {@link ShardWorker} back from its first write until the takeover is
 * confirmed. The group starts the worker as soon as it decides to take a shard over, from the
 * state its tail has read so far, and fences the old owner meanwhile: reading, decoding and
 * deciding then overlap the fence instead of following it (the fence and the read of the state
 * topic's end took 25-365 ms of a takeover on a loaded 2-core machine). The gate opens when the
 * fence is done and the state at the topic's end is the one the worker started from; it is
 * refused when the fence failed or the state had moved (the old owner committed once more before
 * it died), and the worker then stops without having written anything. Until then the worker holds
 * what it would write in memory (up to a bound, then it waits here).
 *
 * <p>Opened or refused once; the first word counts.
 */
public final class WriteGate {

    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean open;
    private volatile String refusal;

    /** A gate that is open from the start: for a worker whose takeover was confirmed before it started. */
    public static WriteGate opened() {
        WriteGate gate = new WriteGate();
        gate.open();
        return gate;
    }

    /** The takeover is confirmed: the worker may write. */
    public synchronized void open() {
        if (decided.getCount() > 0) {
            open = true;
            decided.countDown();
        }
    }

    /** The takeover is not confirmed: the worker must stop without writing. */
    public synchronized void refuse(String why) {
        if (decided.getCount() > 0) {
            refusal = why;
            decided.countDown();
        }
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * @throws Refused when the gate was refused; returns quietly while it is open or undecided
     */
    void throwIfRefused() {
        if (!open && decided.getCount() == 0) {
            throw new Refused(refusal);
        }
    }

    /**
     * Blocks until the gate is opened or refused.
     *
     * @throws Refused when it was refused (or the wait interrupted)
     */
    void awaitOpen() {
        try {
            decided.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while waiting for the takeover to be confirmed");
        }
        if (!open) {
            throw new Refused(refusal);
        }
    }

    /** The worker's first write found the gate refused: it stops and writes nothing. */
    static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }
}
