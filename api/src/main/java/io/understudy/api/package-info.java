/**
 * The public API for writing a traffic function: the deterministic, per-flow processing that
 * primary and backup nodes both run on every ingress record.
 *
 * <p>Implement {@link io.understudy.api.TrafficFunction} (and a
 * {@link io.understudy.api.TrafficFunctionProvider} to make it loadable by name). Nothing here
 * depends on Kafka: a traffic function sees one {@link io.understudy.api.Packet} and the state of
 * its flow, and answers with an {@link io.understudy.api.Outcome}.
 *
 * <p>The contract that makes hot standby possible: the same static configuration, the same state
 * and the same packet give byte-identical outcomes on every node. A traffic function reads no
 * wall clock, no random source and nothing outside its arguments; time comes from
 * {@link io.understudy.api.Packet#timestamp()}.
 */
package io.understudy.api;
