/**
 * {@code security-engine}: terminates encrypted sessions and forwards the decrypted payloads.
 *
 * <p><b>Static configuration</b> ({@link io.understudy.functions.security.SecurityConfig}):
 * {@code function.security.key-file} (required), the node's long-term X25519 key pair in a
 * {@link io.understudy.functions.security.KeyFile}, the same file on primary and backups.
 * {@code configFingerprint()} = {@code x25519-sha256:<SHA-256 of the public key>}, never anything
 * of the private key.
 *
 * <p><b>Wire format</b> ({@link io.understudy.functions.security.SecureWireFormat}):
 * <pre>
 * HANDSHAKE  01 01 | client ephemeral X25519 public key (32)                        34 bytes
 * DATA       01 02 | sequence number (8, big-endian) | AES-256-GCM ciphertext | tag (16)
 * </pre>
 * The handshake's key agreement gives the session key
 * ({@link io.understudy.functions.security.SessionKeyDerivation}: X25519 with the node's static
 * key, then HKDF-SHA256 with the flow id in the info) — the static key protects the session key
 * the way wrapping would, and the node derives the same key on every replica with no randomness.
 * DATA nonce = 4 zero bytes | sequence number; AAD = flow id (UTF-8) | sequence number.
 *
 * <p><b>Per-flow state</b> ({@link io.understudy.functions.security.SecureFlowState}, 73 bytes):
 * session key, 64-packet replay window
 * ({@link io.understudy.functions.security.ReplayWindow}), counters. Since a backup processes the
 * same packets, sequence numbers and replay windows carry on exactly across a failover.
 *
 * <p><b>Egress</b>: the plaintext of each accepted DATA packet; a handshake emits nothing; drops
 * carry a {@link io.understudy.functions.security.SecurityDropReason} phrase ("replay", "outside
 * replay window", "authentication failed", "unknown session", "malformed", ...).
 *
 * <p>The client side lives in {@link io.understudy.functions.security.client}.
 */
package io.understudy.functions.security;
