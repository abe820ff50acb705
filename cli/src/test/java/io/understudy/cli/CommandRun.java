package io.understudy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the command line: its exit code and what it printed. The cli's tests run
 * its commands with it, and so do the system tests ({@code audit}, {@code status}, {@code acls},
 * {@code traffic}, against the deployment they started), through this module's test jar.
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code understudy args...} in this JVM. */
    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
