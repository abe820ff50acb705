package io.understudy.bench.harness;

import io.understudy.bench.baseline.BaselineConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three shapes of the Kafka Streams baseline. */
public enum BaselineProfile {

    /** A: one instance, no standby. */
    SINGLE("baseline", "A: Kafka Streams, 1 instance", 1, false),
    /** B: two instances, one standby replica, Kafka's defaults for liveness. */
    STANDBY_DEFAULT("standby-default", "B: Kafka Streams, 2 instances, num.standby.replicas=1, default settings", 2, false),
    /** B tuned: the fastest failure detection the broker allows. */
    STANDBY_TUNED("standby-tuned", "B tuned: Kafka Streams, 2 instances, num.standby.replicas=1, tuned", 2, true);

    private final String key;
    private final String title;
    private final int instances;
    private final boolean tuned;

    BaselineProfile(String key, String title, int instances, boolean tuned) {
        this.key = key;
        this.title = title;
        this.instances = instances;
        this.tuned = tuned;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public int instances() {
        return instances;
    }

    /**
     * The settings of this profile on top of what every baseline shares (see {@link BaselineConfig}).
     *
     * @param minSessionTimeoutMs the broker's {@code group.min.session.timeout.ms}: tuned runs use it
     */
    public Map<String, String> settings(int minSessionTimeoutMs) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (instances > 1) {
            settings.put(BaselineConfig.STANDBY_REPLICAS, "1");
        }
        if (tuned) {
            settings.put(BaselineConfig.GROUP_PROTOCOL, "classic");
            settings.put(BaselineConfig.SESSION_TIMEOUT_MS, Integer.toString(minSessionTimeoutMs));
            // a third of the session, as Kafka advises: three missed heartbeats before the session ends
            settings.put(BaselineConfig.HEARTBEAT_INTERVAL_MS, Integer.toString(Math.max(1, minSessionTimeoutMs / 3)));
            // the dead instance's open transaction blocks its output partitions until the broker aborts it
            settings.put(BaselineConfig.TRANSACTION_TIMEOUT_MS, Integer.toString(minSessionTimeoutMs));
        }
        return settings;
    }
}
