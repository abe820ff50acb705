package io.understudy.harness;

import io.understudy.records.LeaderChangeReason;
import java.io.PrintStream;

/**
 * Prints one line every two seconds while the demo runs: sent, egress, who leads each partition, and
 * the selector's leader moves so far, one per partition, by cause: a dead leader, or a stalled one
 * (alive, but not moving while a backup moves ahead, as under CPU starvation at a JVM's warm-up).
 */
final class ProgressTicker implements AutoCloseable {

    private final PrintStream out;
    private final TrafficDriver traffic;
    private final EgressClock clock;
    private final LeadershipWatch leadership;
    private final Thread thread;
    private final long started = System.currentTimeMillis();
    private volatile boolean running = true;

    ProgressTicker(PrintStream out, TrafficDriver traffic, EgressClock clock, LeadershipWatch leadership) {
        this.out = out;
        this.traffic = traffic;
        this.clock = clock;
        this.leadership = leadership;
        this.thread = new Thread(this::tick, "demo-progress");
        this.thread.setDaemon(true);
    }

    ProgressTicker start() {
        thread.start();
        return this;
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                return;
            }
            out.printf("  [%4ds] sent %,9d  egress %,9d  leaders %s  moves: dead %d, stalled %d%n",
                    (System.currentTimeMillis() - started) / 1000, traffic.acked(), clock.count(),
                    leadership.leaders().values(), leadership.moves(LeaderChangeReason.LEADER_FAILED),
                    leadership.moves(LeaderChangeReason.LEADER_STALLED));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
