package io.understudy.functions.router;

/** Every reason the router drops a packet, with the stable phrase that goes into the drop verdict. */
public enum RouterDropReason {
    CONTROL_RECORD("control record ignored"),
    MALFORMED_HEADER("malformed header"),
    UNSUPPORTED_PROTOCOL("unsupported protocol"),
    INVALID_FLAGS("invalid flag combination"),
    TUPLE_CHANGED("flow 5-tuple changed"),
    UNROUTABLE("unroutable destination"),
    NO_CONNECTION("no connection: first packet is not SYN"),
    CONNECTION_EXPIRED("connection expired: packet without SYN"),
    CONNECTION_CLOSED("connection closed: packet without SYN"),
    SYN_ON_OPEN_CONNECTION("SYN on open connection");

    private final String phrase;

    RouterDropReason(String phrase) {
        this.phrase = phrase;
    }

    /** The text of the drop verdict. */
    public String phrase() {
        return phrase;
    }
}
