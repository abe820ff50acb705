package io.understudy.stack.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start an {@link ApicurioRegistryProcess}. Start from {@link #defaults()}.
 *
 * @param port         HTTP port on 127.0.0.1; 0 (default) picks a free one
 * @param logFile      where the registry's output goes; {@code null} (default) for a temporary file
 * @param maxHeap      the registry JVM's {@code -Xmx} (default {@code 384m}: it needs ~250 MB)
 * @param startTimeout how long to wait for its API to answer (default 120 s; it takes 3–15 s, more
 *                     on a machine busy with other builds; a registry that exits fails at once)
 */
public record RegistryOptions(int port, Path logFile, String maxHeap, Duration startTimeout) {

    public RegistryOptions {
        Objects.requireNonNull(maxHeap, "maxHeap");
        Objects.requireNonNull(startTimeout, "startTimeout");
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(0, null, "384m", Duration.ofSeconds(120));
    }

    public RegistryOptions withPort(int newPort) {
        return new RegistryOptions(newPort, logFile, maxHeap, startTimeout);
    }

    public RegistryOptions withLogFile(Path newLogFile) {
        return new RegistryOptions(port, newLogFile, maxHeap, startTimeout);
    }

    public RegistryOptions withMaxHeap(String newMaxHeap) {
        return new RegistryOptions(port, logFile, newMaxHeap, startTimeout);
    }

    public RegistryOptions withStartTimeout(Duration newStartTimeout) {
        return new RegistryOptions(port, logFile, maxHeap, newStartTimeout);
    }
}
