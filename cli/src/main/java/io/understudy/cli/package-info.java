/**
 * The {@code understudy} command line: the commands, and nothing else.
 *
 * <p>{@link io.understudy.cli.Main} is the entry point; {@link io.understudy.cli.UnderstudyCommand}
 * is the top-level command and the one place where subcommands are registered. Each subcommand
 * lives in a package of its own ({@code local}, {@code node}, {@code selector}, {@code bridge},
 * {@code demo}, {@code traffic}, {@code audit}, ...) and holds its options and what it prints; the
 * work is done by the modules it calls: the roles themselves, the {@code harness} module (the demo's
 * deployment, chaos run and egress tally, the traffic generator), the {@code audit} module and the
 * {@code benchmark} module. {@code options} holds what several commands share (the cluster options,
 * the roles and their keys). A failure a person can fix is thrown as a
 * {@link io.understudy.cli.CommandFailure} and printed as one line
 * ({@link io.understudy.cli.FailurePrinter}); {@code --verbose} adds the stack trace.
 */
package io.understudy.cli;
