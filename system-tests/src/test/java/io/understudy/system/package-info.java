/**
 * The whole system under test: a real broker and registry, the bridge, the nodes and the selector
 * group each a JVM of its own (the {@code cli}'s {@code Main}, started by the harness's {@link
 * io.understudy.harness.Deployment}), killed with {@code SIGKILL}, frozen with {@code SIGSTOP} and
 * restarted while traffic flows; afterwards every egress record is counted ({@link
 * io.understudy.harness.EgressTally}).
 *
 * <p>Start here: {@code FailoverIT} (the demo's chaos run, three kills of the primary), then
 * {@code FaultScenario}, the frame of the fault tests ({@code FreezeIT}, {@code RestartFaultsIT}:
 * a fault in phases, traffic from reconnecting endpoints, the count after each phase). {@code
 * SelectorFailoverIT} kills and freezes the selector group; {@code SynchronizationIT} joins,
 * corrupts and refuses backups; {@code FunctionFailoverIT} and {@code ReplayAfterFailoverIT} fail
 * over the router and the security engine mid-session; {@code TrafficCommandIT} runs
 * {@code understudy traffic} against a real bridge. The subpackages: {@code security} (SASL_SSL,
 * mTLS and ACLs), {@code status} (the status page in headless Chromium, the metrics, {@code
 * understudy status}), {@code audit} (audit, replay and a tampered record after a chaos run).
 * The cli's {@code CommandRun} (its test jar) runs a command of the command line in this JVM.
 *
 * <p>Every test here runs in {@code mvn -B verify}; one alone with {@code mvn -B -pl system-tests
 * -am verify -Dtest=FreezeIT -Dsurefire.failIfNoSpecifiedTests=false}.
 */
package io.understudy.system;
