/**
 * The {@code understudy} command line.
 *
 * <p>{@link io.understudy.cli.Main} is the entry point; {@link io.understudy.cli.UnderstudyCommand}
 * is the top-level command and the one place where subcommands are registered. Each subcommand
 * lives in a package of its own ({@code local}, ...). A failure a person can fix is thrown as a
 * {@link io.understudy.cli.CommandFailure} and printed as one line
 * ({@link io.understudy.cli.FailurePrinter}); {@code --verbose} adds the stack trace.
 */
package io.understudy.cli;
