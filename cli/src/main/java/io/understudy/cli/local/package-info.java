/**
 * {@code understudy local}: a Kafka broker and a schema registry on this machine, with every
 * Understudy topic created and every schema registered, up until Ctrl-C.
 */
package io.understudy.cli.local;
