package io.understudy.stack.net;

import io.understudy.stack.StackStartupException;

/** A port the stack was told to use is taken by another process. */
public final class PortInUseException extends StackStartupException {

    private static final long serialVersionUID = 1L;

    private final int port;
    private final String purpose;

    public PortInUseException(int port, String purpose) {
        super("port " + port + " on " + LoopbackPorts.HOST + " is already in use, so the " + purpose
                + " cannot listen there: stop whatever holds it, or choose another port (0 picks a free one)");
        this.port = port;
        this.purpose = purpose;
    }

    public int port() {
        return port;
    }

    /** What would have listened on the port, e.g. {@code EmbeddedKafkaBroker.PORT_PURPOSE}. */
    public String purpose() {
        return purpose;
    }
}
