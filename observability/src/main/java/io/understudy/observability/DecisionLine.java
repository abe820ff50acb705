package io.understudy.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log line per decision (a failover, a sync state change, a refusal, a resync order, a poison
 * verdict), as {@code key=value} pairs an operator can grep for:
 *
 * <pre>decision=failover partition=0 epoch=3 from=a to=b reason=LEADER_FAILED watermark=1041 detail="no heartbeat from a for 412 ms"</pre>
 *
 * <p>The first pair is always {@code decision=<kind>}; then the fields in the order they were
 * added. A value with a space, a quote, an equals sign or nothing in it is written in double
 * quotes, with {@code "} and {@code \} escaped by a backslash; a null value is written {@code -}.
 */
public final class DecisionLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private DecisionLine(String kind) {
        fields.put("decision", kind);
    }

    /** A line for one decision, e.g. {@code failover}, {@code sync_state}, {@code refusal}, {@code resync}, {@code poison}. */
    public static DecisionLine of(String kind) {
        return new DecisionLine(kind);
    }

    /** Adds a field; keys are lower-case words joined by underscores. */
    public DecisionLine with(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(96);
        fields.forEach((key, value) -> {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(key).append('=').append(quoted(value));
        });
        return line.toString();
    }

    static String quoted(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        boolean plain = !text.isEmpty();
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\';
        }
        if (plain) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return quoted.append('"').toString();
    }
}
