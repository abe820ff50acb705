package io.understudy.observability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of a liveness or readiness check: up or not, and what was looked at (served as the
 * JSON body of {@code /health/live} and {@code /health/ready}, with 200 when up and 503 when not).
 *
 * @param up      whether the role is alive (or ready)
 * @param details what was checked, e.g. {@code streams=RUNNING}, in insertion order
 */
public record HealthReport(boolean up, Map<String, Object> details) {

    public HealthReport {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static HealthReport up(Map<String, Object> details) {
        return new HealthReport(true, details);
    }

    public static HealthReport down(Map<String, Object> details) {
        return new HealthReport(false, details);
    }

    /** The JSON body: {@code {"status":"UP"|"DOWN", ...details}}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.putAll(details);
        return body;
    }
}
