/**
 * Child JVMs: the schema registry, a broker that tests kill, and (in the demo) nodes, selector
 * and bridge started from the same jar.
 *
 * <p>{@link io.understudy.stack.process.JavaProcessLauncher} builds the command line from the
 * running JVM (same {@code java}, same class path), sends the child's output to a log file and
 * returns a {@link io.understudy.stack.process.LaunchedProcess}: pid, {@code stop()} (SIGTERM),
 * {@code kill9()} (SIGKILL), waiting for exit or for a log line. Every child still running when
 * this JVM exits is stopped by a shutdown hook; if this JVM is killed with SIGKILL (no hook runs),
 * {@link io.understudy.stack.process.ParentWatch}, an agent in each child, makes it exit on its own.
 */
package io.understudy.stack.process;
