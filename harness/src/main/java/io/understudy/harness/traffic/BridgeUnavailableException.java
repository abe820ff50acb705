package io.understudy.harness.traffic;

/**
 * The ingress bridge cannot be reached or is not healthy. Its message says where the bridge was
 * looked for and what to check, in one line: the command line prints it as it is, like its own
 * failures.
 */
public final class BridgeUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BridgeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BridgeUnavailableException(String message) {
        super(message);
    }
}
