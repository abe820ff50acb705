package io.understudy.schemas.topics;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a start-up step while the cluster does not answer in time. A broker on a busy machine
 * (or one still starting) may miss an Admin client's deadline now and then; a role (a node, a
 * selector) that gave up at the first one would have to be restarted by hand, so it keeps trying
 * for a bounded while ({@code startup.timeout.ms}).
 */
public final class UntilReachable {

    private static final Logger log = LoggerFactory.getLogger(UntilReachable.class);

    private UntilReachable() {
    }

    /**
     * Runs {@code step} until it returns, retrying while its failure is caused by a Kafka timeout
     * and {@code budget} is not spent; any other failure, or the last timeout, is thrown.
     */
    public static <T> T call(String what, Duration budget, Supplier<T> step) {
        long deadline = System.nanoTime() + budget.toNanos();
        int attempt = 1;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (!causedByTimeout(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("{}: the cluster did not answer in time (attempt {}: {}); trying again", what, attempt,
                        rootMessage(e));
                attempt++;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean causedByTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
