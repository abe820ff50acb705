package io.understudy.cli.lifecycle;

import org.apache.logging.log4j.LogManager;

import java.util.concurrent.CountDownLatch;

/** Keeps a command running until the JVM is asked to stop (Ctrl-C, SIGTERM), then shuts it down cleanly. */
public final class UntilStopped {

    private UntilStopped() {
    }

    /**
     * Blocks the calling thread until the JVM shuts down. {@code stop} runs once, in a shutdown
     * hook, before logging is stopped (log4j's own hook is off, so {@code stop} can still log).
     * SIGKILL skips all of it, by nature.
     */
    public static void block(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                LogManager.shutdown();
                stopped.countDown();
            }
        }, "understudy-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
