/**
 * The {@code demo} command: a whole deployment on one machine, traffic from simulated endpoints,
 * the primary killed for real, and an independent count of every egress record ({@link
 * io.understudy.cli.demo.EgressTally}). {@link io.understudy.cli.demo.ChaosRun} is the orchestrator;
 * the integration tests run it too.
 */
package io.understudy.cli.demo;
