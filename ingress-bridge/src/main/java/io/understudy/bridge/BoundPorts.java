package io.understudy.bridge;

/**
 * The ports a started bridge listens on (the actual ones when 0 was configured).
 *
 * @param tcp  the TCP endpoint's port, or -1 when it is disabled
 * @param http the HTTP endpoint's port, or -1 when it is disabled
 */
public record BoundPorts(int tcp, int http) {

    /** The port of a disabled endpoint. */
    public static final int DISABLED = -1;

    /**
     * The start of the line {@code understudy bridge} prints once it listens, followed by its ports
     * ({@link #announcement()}): what a deployment that starts a bridge process waits for.
     */
    public static final String LISTENING = "bridge listening";

    /** The line a bridge process prints once it listens: {@code bridge listening tcp=7400 http=7480}. */
    public String announcement() {
        return LISTENING + " tcp=" + tcp + " http=" + http;
    }
}
