package io.understudy.cli;

/**
 * A failure a person can fix: the message says what went wrong and what to do, in one line.
 * {@link FailurePrinter} prints it without a stack trace (unless {@code --verbose}).
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
