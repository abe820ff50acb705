package io.understudy.selector.internals.leadership;

/**
 * Why a node may not lead a partition until it is synchronized again.
 *
 * @param reason  what was seen, for operators (e.g. "digest mismatch at offset 4711")
 * @param atOffset the ingress offset where it was seen; the node becomes eligible again once it
 *                 reports being synchronized from a later offset
 */
public record Ineligibility(String reason, long atOffset) {
}
