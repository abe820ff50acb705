package io.understudy.system;

import java.time.Duration;

/**
 * What the system tests poll for: a condition that must hold within a timeout, and one sample read
 * from a role's Prometheus scrape.
 */
public final class SystemWaits {

    private SystemWaits() {
    }

    /** A condition that may throw while it is looked at (an HTTP request, a topic read). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Looks at {@code condition} every 250 ms until it holds; fails naming {@code what} at the timeout. */
    public static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(250);
        }
    }

    /** The value of the one sample of {@code name} whose labels contain {@code labels}. */
    public static double sample(String scrape, String name, String labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && line.substring(0, line.indexOf('}')).contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + scrape);
    }
}
