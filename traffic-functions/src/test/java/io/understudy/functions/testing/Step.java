package io.understudy.functions.testing;

import io.understudy.api.Emission;

import java.util.List;

/**
 * What a function did with one packet, comparable byte for byte (emissions compare their payload
 * bytes; the state is its encoding in hex, null when the flow was forgotten).
 */
public record Step(long offset, String flowId, List<Emission> emissions, String dropReason, String stateHex) {
}
