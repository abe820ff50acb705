/**
 * {@code understudy traffic}: a traffic generator that speaks each traffic function's protocol
 * to the ingress bridge (TCP or HTTP) and records what it sent, so that egress can be checked
 * payload by payload. {@link io.understudy.cli.traffic.TrafficGenerator} is the core the demo
 * reuses; {@link io.understudy.cli.traffic.FlowClient} makes one flow's packets for passthrough,
 * router or security-engine (which encrypts on the client side); {@link
 * io.understudy.cli.traffic.SentLog} writes and reads the record; {@link
 * io.understudy.cli.traffic.EgressVerifier} checks an egress payload against it.
 */
package io.understudy.cli.traffic;
