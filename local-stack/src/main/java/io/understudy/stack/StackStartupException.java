package io.understudy.stack;

/**
 * The stack (or a part of it) could not start. The message is meant for a person: it names what
 * went wrong and what to do, in one line, so a command line can print it as it is.
 */
public class StackStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackStartupException(String message) {
        super(message);
    }

    public StackStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
