/**
 * The deterministic binary encoding the traffic functions use for their per-flow state:
 * fixed-width big-endian fields written in a fixed order, so equal states always give equal bytes
 * (state digests and checkpoints compare bytes). {@link io.understudy.functions.codec.StateWriter}
 * writes, {@link io.understudy.functions.codec.StateReader} reads and names the state type in
 * every error.
 */
package io.understudy.functions.codec;
