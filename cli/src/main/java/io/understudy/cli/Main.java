package io.understudy.cli;

import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;

/**
 * {@code understudy ...}: runs the command line and exits with its code. Child JVMs of the demo
 * use the same entry point ({@code java -cp understudy.jar io.understudy.cli.Main node ...}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        LogManager.shutdown(); // log4j's own shutdown hook is off (see log4j2.xml)
        System.exit(exitCode);
    }

    /** The command line with Understudy's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        UnderstudyCommand top = new UnderstudyCommand();
        CommandLine commandLine = new CommandLine(top);
        commandLine.setExecutionExceptionHandler(new FailurePrinter(top));
        return commandLine;
    }
}
