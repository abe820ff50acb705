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
}
