package io.understudy.selector.internals.routing;

/**
 * Tells a poison record's drop verdict from a traffic function's ordinary one (a replayed packet,
 * an unknown route): the node answers an ingress record it cannot decode with a reason starting
 * {@value #UNDECODABLE} ({@code TrafficPath}) and one that makes the traffic function throw with
 * {@value #FUNCTION_ERROR} ({@code BoundFunction}). Only those go to the dead-letter topic.
 */
final class PoisonVerdict {

    static final String UNDECODABLE = "undecodable";
    static final String FUNCTION_ERROR = "function error";

    private PoisonVerdict() {
    }

    static boolean isPoison(String dropReason) {
        return dropReason != null && (dropReason.startsWith(UNDECODABLE) || dropReason.startsWith(FUNCTION_ERROR));
    }
}
