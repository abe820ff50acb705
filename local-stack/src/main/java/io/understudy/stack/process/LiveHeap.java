package io.understudy.stack.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a running JVM: the bytes its objects still reachable after a full collection
 * hold, from {@code jcmd <pid> GC.class_histogram} (which collects first), read from the histogram's
 * {@code Total} line.
 *
 * <p>Resident memory alone cannot tell a leak from a heap the collector has not yet compacted: the
 * serial collector lets promoted garbage fill the old generation for hours before its first full
 * collection. A live heap that stays flat while resident memory grows is no leak; one that grows is.
 * Reading it stops the process for one full collection (tens of milliseconds for the roles' heaps),
 * so a soak takes it twice, not every sample.
 */
public final class LiveHeap {

    private LiveHeap() {
    }

    /** The {@code jcmd} beside the running JVM's {@code java}, when this is a JDK. */
    public static Optional<Path> jcmd() {
        return ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable);
    }

    /**
     * The live heap of process {@code pid} in bytes, or empty when it could not be read (no
     * {@code jcmd}, the process gone, not a JVM, or no answer within {@code timeoutMillis}).
     */
    public static OptionalLong of(long pid, long timeoutMillis) {
        Optional<Path> jcmd = jcmd();
        if (jcmd.isEmpty()) {
            return OptionalLong.empty();
        }
        Path output = null;
        try {
            output = Files.createTempFile("understudy-histogram-", ".txt");
            Process process = new ProcessBuilder(jcmd.get().toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return OptionalLong.empty();
            }
            return process.exitValue() == 0 ? totalBytes(Files.readAllLines(output, StandardCharsets.UTF_8))
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /**
     * The bytes on a class histogram's {@code Total} line ({@code Total <instances> <bytes>}), or
     * empty when it has none.
     */
    static OptionalLong totalBytes(List<String> histogram) {
        for (String line : histogram) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("Total")) {
                try {
                    return OptionalLong.of(Long.parseLong(fields[2]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
