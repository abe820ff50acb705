package io.understudy.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording summarized as text, for a results folder that is read rather than opened in a
 * profiler: where the CPU went by thread, by method on top of the stack (self) and by method
 * anywhere on the stack (inclusive), by package, where the sampled allocations came from, and
 * how long the collector paused. Shares are of the recording's execution samples.
 */
public final class ProfileSummary {

    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> packages = new HashMap<>();
    private final Map<String, Long> allocations = new HashMap<>();
    private long samples;
    private long allocatedBytes;
    private long collections;
    private double pauseMs;

    private ProfileSummary() {
    }

    /** Reads a recording's events that started between {@code from} and {@code to}. */
    public static ProfileSummary of(Path recording, Instant from, Instant to) throws IOException {
        ProfileSummary summary = new ProfileSummary();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (!at.isBefore(from) && !at.isAfter(to)) {
                    summary.accept(event);
                }
            }
        }
        return summary;
    }

    private void accept(RecordedEvent event) {
        String type = event.getEventType().getName();
        switch (type) {
            case "jdk.ExecutionSample" -> {
                samples++;
                RecordedThread thread = event.getThread("sampledThread");
                threads.merge(threadGroup(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    return;
                }
                List<RecordedFrame> frames = stack.getFrames();
                RecordedMethod top = frames.get(0).getMethod();
                self.merge(name(top), 1L, Long::sum);
                packages.merge(packageOf(top), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame.getMethod());
                    if (seen.add(method)) {
                        inclusive.merge(method, 1L, Long::sum);
                    }
                }
            }
            case "jdk.ObjectAllocationSample" -> {
                long weight = event.getLong("weight");
                allocatedBytes += weight;
                String objectClass = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
                RecordedStackTrace stack = event.getStackTrace();
                String site = stack == null || stack.getFrames().isEmpty() ? "?" : firstOwnFrame(stack.getFrames());
                allocations.merge(objectClass + " at " + site, weight, Long::sum);
            }
            case "jdk.GarbageCollection" -> {
                collections++;
                pauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
            }
            default -> {
            }
        }
    }

    /** Execution samples in the recording. */
    public long samples() {
        return samples;
    }

    /** The share of samples (0..1) with {@code method} ({@code Class.method}) on top of the stack. */
    public double selfShare(String method) {
        return samples == 0 ? 0 : self.getOrDefault(method, 0L) / (double) samples;
    }

    /** The share of samples (0..1) with {@code method} anywhere on the stack. */
    public double inclusiveShare(String method) {
        return samples == 0 ? 0 : inclusive.getOrDefault(method, 0L) / (double) samples;
    }

    /** The summary as text, {@code top} lines per table. */
    public String render(String title, int top) {
        StringBuilder text = new StringBuilder();
        text.append(title).append('\n');
        text.append(String.format("%,d execution samples; %d collections, %.0f ms of GC pauses; %,.0f MiB allocated (sampled"
                + " estimate)%n", samples, collections, pauseMs, allocatedBytes / 1048576.0));
        table(text, "threads (share of execution samples; digits in names folded)", threads, samples, top, "%");
        table(text, "self: method on top of the stack", self, samples, top, "%");
        table(text, "inclusive: method anywhere on the stack", inclusive, samples, top, "%");
        table(text, "self, by package", packages, samples, top, "%");
        table(text, "allocations: class at the first frame outside java.*/jdk.* (share of sampled bytes)", allocations,
                Math.max(1, allocatedBytes), top, "%");
        return text.toString();
    }

    private static void table(StringBuilder text, String heading, Map<String, Long> counts, long total, int top,
                              String unit) {
        text.append('\n').append(heading).append('\n');
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> text.append(String.format("  %5.1f %s  %s%n", 100.0 * e.getValue() / Math.max(1, total), unit,
                        e.getKey())));
    }

    static String name(RecordedMethod method) {
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    static String packageOf(RecordedMethod method) {
        if (method == null) {
            return "?";
        }
        String type = method.getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "(default)" : type.substring(0, dot);
    }

    private static String firstOwnFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return name(frame.getMethod());
            }
        }
        return name(frames.get(0).getMethod());
    }

    /** A thread's name with its ids (UUIDs) and digits folded, so that a pool's threads count together. */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("[0-9]+", "N");
    }
}
