/**
 * The client side of a deployment: a traffic generator that speaks each traffic function's protocol
 * to the ingress bridge (TCP or HTTP) and records what it sent, so that egress can be checked payload
 * by payload. {@code understudy traffic} and the demo's {@link io.understudy.harness.TrafficDriver}
 * both run it.
 *
 * <p>Start here: {@link io.understudy.harness.traffic.TrafficGenerator} is the core; {@link
 * io.understudy.harness.traffic.FlowClient} makes one flow's packets for passthrough, router or
 * security-engine (which encrypts on the client side); {@link io.understudy.harness.traffic.BridgeLink}
 * and {@link io.understudy.harness.traffic.ReconnectingTcpLink} carry them to the bridge; {@link
 * io.understudy.harness.traffic.SentLog} writes and reads the record; {@link
 * io.understudy.harness.traffic.EgressVerifier} checks an egress payload against it.
 */
package io.understudy.harness.traffic;
