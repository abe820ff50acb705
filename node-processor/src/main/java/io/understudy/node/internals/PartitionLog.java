package io.understudy.node.internals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class's logger for one partition of one node, every message prefixed with {@code "node <id>
 * partition <p>: "}, built once per partition (as Kafka's {@code LogContext} builds a client's
 * prefix once) instead of repeated, with its two arguments, in every log call of the partition's
 * task. The logger keeps the owning class's name, so log configurations still address it by class.
 *
 * <p>Structured decision lines ({@code DecisionLine}) carry the node and partition as fields of
 * their own and are logged through {@link #logger()}, without the prefix.
 */
public final class PartitionLog {

    private final Logger log;
    private final String prefix;

    private PartitionLog(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    /** The logger of {@code owner} for partition {@code partition} of node {@code nodeId}. */
    public static PartitionLog of(Class<?> owner, String nodeId, int partition) {
        // node ids are letters, digits, '-' and '_' (NodeConfig), so the prefix holds no "{}" placeholder
        return new PartitionLog(LoggerFactory.getLogger(owner), "node " + nodeId + " partition " + partition + ": ");
    }

    /** What every message starts with. */
    public String prefix() {
        return prefix;
    }

    /** The owning class's logger itself, for lines that carry the node and partition otherwise. */
    public Logger logger() {
        return log;
    }

    public void debug(String format, Object... args) {
        if (log.isDebugEnabled()) {
            log.debug(prefix + format, args);
        }
    }

    public void info(String format, Object... args) {
        if (log.isInfoEnabled()) {
            log.info(prefix + format, args);
        }
    }

    public void warn(String format, Object... args) {
        if (log.isWarnEnabled()) {
            log.warn(prefix + format, args);
        }
    }

    public void error(String format, Object... args) {
        if (log.isErrorEnabled()) {
            log.error(prefix + format, args);
        }
    }
}
