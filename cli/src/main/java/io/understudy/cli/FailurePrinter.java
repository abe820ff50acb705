package io.understudy.cli;

import io.understudy.stack.StackStartupException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns an exception out of a command into one line on stderr and exit code 1. The stack trace
 * follows only with {@code --verbose}. Failures the code anticipated ({@link CommandFailure},
 * {@link StackStartupException}, a bridge that cannot be reached) print their message as it is; anything else prints its root
 * cause, marked as unexpected.
 */
public final class FailurePrinter implements IExecutionExceptionHandler {

    /** The exit code of a command that failed while running (picocli uses 2 for usage errors). */
    public static final int FAILURE_EXIT_CODE = 1;

    private final UnderstudyCommand top;

    public FailurePrinter(UnderstudyCommand top) {
        this.top = top;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("understudy: " + oneLine(e)));
        if (top.verbose()) {
            e.printStackTrace(err);
        } else if (!isAnticipated(e)) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return FAILURE_EXIT_CODE;
    }

    /** The message to show: the failure's own for anticipated ones, else the root cause's. */
    static String oneLine(Throwable e) {
        if (isAnticipated(e)) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return "unexpected " + root.getClass().getSimpleName() + message;
    }

    private static boolean isAnticipated(Throwable e) {
        // a refused deployment and a bad setting say what is wrong in their own words
        return e instanceof CommandFailure || e instanceof StackStartupException
                || e instanceof io.understudy.harness.traffic.BridgeUnavailableException
                || e instanceof io.understudy.schemas.topics.TopicProvisioningException
                || e instanceof org.apache.kafka.common.config.ConfigException;
    }
}
