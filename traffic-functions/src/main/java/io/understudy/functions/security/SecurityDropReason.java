package io.understudy.functions.security;

/** Every reason the security engine drops a packet, with the stable phrase of the drop verdict. */
public enum SecurityDropReason {
    CONTROL_RECORD("control record ignored"),
    MALFORMED("malformed"),
    UNKNOWN_SESSION("unknown session"),
    SESSION_EXISTS("session already established"),
    HANDSHAKE_REJECTED("handshake rejected"),
    REPLAY("replay"),
    OUTSIDE_REPLAY_WINDOW("outside replay window"),
    AUTHENTICATION_FAILED("authentication failed");

    private final String phrase;

    SecurityDropReason(String phrase) {
        this.phrase = phrase;
    }

    public String phrase() {
        return phrase;
    }
}
