/**
 * The client side of the security engine, used by traffic generators and tests, never by nodes:
 * {@link io.understudy.functions.security.client.SecureSessionClient} opens a session and seals
 * data, {@link io.understudy.functions.security.client.SecurityKeys} makes node key files. Unlike
 * node-side code, these classes use a random source (ephemeral keys, key generation); the
 * determinism guard test scans every other package.
 */
package io.understudy.functions.security.client;
