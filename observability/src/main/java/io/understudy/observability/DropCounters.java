package io.understudy.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A counter of drops with a {@code reason} tag made from the drop verdict's text: the part before
 * the first colon, lower case, words joined by underscores ({@code "no connection: first packet is
 * not SYN"} → {@code no_connection}, {@code "undecodable: ..."} → {@code undecodable}). Verdicts
 * carry details (offsets, exception messages) after the colon, which would make a series per
 * record; past {@value #MAX_REASONS} distinct reasons the rest count as {@code other}.
 */
public final class DropCounters {

    static final int MAX_REASONS = 64;

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Map<String, Counter> byVerdict = new ConcurrentHashMap<>();
    private final Map<String, Counter> byTag = new ConcurrentHashMap<>();

    public DropCounters(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    /** Counts one drop with this verdict. */
    public void count(String verdict) {
        Counter counter = byVerdict.get(verdict == null ? "" : verdict);
        if (counter == null) {
            counter = counterFor(verdict);
            if (byVerdict.size() < MAX_REASONS * 16) { // verdicts with their details: bounded too
                byVerdict.put(verdict == null ? "" : verdict, counter);
            }
        }
        counter.increment();
    }

    private Counter counterFor(String verdict) {
        String tag = reasonTag(verdict);
        if (!byTag.containsKey(tag) && byTag.size() >= MAX_REASONS) {
            tag = "other";
        }
        return byTag.computeIfAbsent(tag, reason -> Counter.builder(name).description(description)
                .tag("reason", reason).register(registry));
    }

    /** The {@code reason} tag of a verdict. */
    public static String reasonTag(String verdict) {
        if (verdict == null || verdict.isBlank()) {
            return "unspecified";
        }
        int colon = verdict.indexOf(':');
        String head = (colon >= 0 ? verdict.substring(0, colon) : verdict).trim().toLowerCase(Locale.ROOT);
        String tag = head.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return tag.isEmpty() ? "unspecified" : tag.length() > 48 ? tag.substring(0, 48) : tag;
    }
}
