/**
 * How long-running commands ({@code local}, and later {@code node}, {@code selector},
 * {@code bridge}) live and stop: {@link io.understudy.cli.lifecycle.UntilStopped} keeps them up
 * until Ctrl-C or SIGTERM and runs their clean shutdown.
 */
package io.understudy.cli.lifecycle;
