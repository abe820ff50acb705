/**
 * A whole Understudy deployment on one machine, driven and counted: what the demo, the benchmark
 * and the system tests share.
 *
 * <p>Start here:
 * <ul>
 *   <li>{@link io.understudy.harness.ChaosRun}: the demo's main job and the orchestrator the system
 *       tests run too, in named phases: prepare, start, drive, kill, drain, count, inspect.</li>
 *   <li>{@link io.understudy.harness.Deployment}: the local stack (or a given cluster) and the bridge,
 *       the nodes and the selector group, each a process of its own (the cli's {@code Main}), so that
 *       any of them can be killed, frozen or restarted for real.</li>
 *   <li>{@link io.understudy.harness.EgressTally}: the independent count of a run, every egress record
 *       against every acknowledged packet and the leadership log; {@link
 *       io.understudy.harness.DemoReport} prints it and the RESULT line scripts read.</li>
 *   <li>{@link io.understudy.harness.TrafficDriver}: the simulated endpoints (the {@code traffic}
 *       package's generator over TCP), recording what the bridge acknowledged.</li>
 *   <li>The watches of the topics while a run goes on: {@link io.understudy.harness.LeadershipWatch}
 *       (who leads, and {@link io.understudy.harness.FailoverCount} from its log), {@link
 *       io.understudy.harness.HeartbeatWatch} (who caught up), {@link io.understudy.harness.EgressClock}
 *       (latency and gaps), over {@link io.understudy.harness.TopicTail} and {@link
 *       io.understudy.harness.TopicReader}.</li>
 *   <li>{@link io.understudy.harness.UnderstudySystem}: the same deployment as one of the benchmark's
 *       systems under test.</li>
 * </ul>
 */
package io.understudy.harness;
