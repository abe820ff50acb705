package io.understudy.cli.acls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who each role authenticates as: a Kafka principal ({@code User:name}) per node, for the
 * selector and for the bridge; {@code operator} (may be null) is who runs {@code understudy switchover}.
 */
public record RolePrincipals(Map<String, String> nodes, String selector, String bridge, String operator) {

    public RolePrincipals {
        nodes = new LinkedHashMap<>(nodes);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(bridge, "bridge");
        nodes.values().forEach(RolePrincipals::requirePrincipal);
        requirePrincipal(selector);
        requirePrincipal(bridge);
        if (operator != null) {
            requirePrincipal(operator);
        }
        nodes = Map.copyOf(nodes);
    }

    private static void requirePrincipal(String principal) {
        int colon = principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("'" + principal + "' is not a Kafka principal; write TYPE:NAME, e.g. User:node-a");
        }
    }
}
