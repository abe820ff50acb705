package io.understudy.bench.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One system the benchmark measures: its processes, the topic the load generator writes, the topic
 * the egress counter reads. Implementations start their processes as child JVMs, so that
 * {@link #kill9} is a real SIGKILL.
 */
public interface SystemUnderTest extends AutoCloseable {

    /** Short key for file names and JSON: {@code baseline}, {@code standby-default}, {@code understudy}, ... */
    String key();

    /** Name for the report. */
    String title();

    /** The settings that matter, in one line, for the report. */
    String settings();

    String ingressTopic();

    String egressTopic();

    EgressDecoder egressDecoder();

    /** Whether the run kills the active instance under load (the systems with a standby). */
    boolean hasStandby();

    /** Starts every process and waits until the system is ready to process traffic. */
    void start(Duration timeout) throws Exception;

    /** Live processes by name (instance or role), with their pids. */
    Map<String, Long> processes();

    /**
     * The process name behind an instance as named in egress ({@link EgressDecoder.Decoded#producer()}):
     * the one to kill when it is the active one.
     */
    String processOf(String producer);

    /**
     * For a system whose egress stage has a standby of its own (Understudy's selector group): the
     * process of the active egress stage, killed in a second failover phase. Empty for the others.
     */
    default Optional<String> selectorToKill() {
        return Optional.empty();
    }

    /** SIGKILL to the named process: it dies at once, mid-transaction. */
    void kill9(String process);

    @Override
    void close();
}
