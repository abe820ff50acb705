package io.understudy.functions.router;

/** Where a tracked connection is; see {@link ConnectionTracker} for the transitions. */
public enum ConnectionState {
    /** Opened (TCP: SYN seen; UDP: first packet), not yet confirmed. */
    NEW,
    /** Confirmed (TCP: ACK after the SYN; UDP: a second packet). */
    ESTABLISHED,
    /** TCP: FIN seen, waiting for the last ACK. */
    CLOSING,
    /** TCP: reset, or last ACK after FIN. Only a SYN reopens it. */
    CLOSED
}
