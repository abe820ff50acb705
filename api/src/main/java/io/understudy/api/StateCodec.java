package io.understudy.api;

/**
 * Turns a traffic function's per-flow state into bytes and back. The encoding must be
 * deterministic (equal states give equal bytes): state digests and checkpoints compare bytes.
 *
 * @param <S> the per-flow state type
 */
public interface StateCodec<S> {

    byte[] encode(S state);

    S decode(byte[] bytes);
}
