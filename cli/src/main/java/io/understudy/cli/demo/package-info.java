/**
 * The {@code demo} command: a whole deployment on one machine, traffic from simulated endpoints,
 * the primary killed for real, and an independent count of every egress record. The work is the
 * harness's ({@link io.understudy.harness.ChaosRun}); this package holds the command's options and
 * what it prints.
 */
package io.understudy.cli.demo;
