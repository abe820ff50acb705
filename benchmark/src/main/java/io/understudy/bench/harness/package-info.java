/**
 * The benchmark harness: the systems under test behind one interface, a load generator that
 * produces stamped packets straight to each system's ingress topic, an egress counter that counts
 * every record (lost, duplicated, reordered) and times it, a sampler of each process's CPU and
 * memory, and the runner that puts each system through the same phases (saturation, fixed rates,
 * SIGKILL of the active instance under load).
 */
package io.understudy.bench.harness;
