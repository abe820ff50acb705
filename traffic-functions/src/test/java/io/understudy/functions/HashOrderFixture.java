package io.understudy.functions;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Test fixture: iterates hash-ordered collections into what it returns, to show the guard sees it. */
final class HashOrderFixture {

    String joined(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder();
        new HashMap<>(counts).forEach((key, value) -> out.append(key).append(value));
        for (String tag : Set.of("a", "b", "c")) {
            out.append(tag);
        }
        return out.toString();
    }
}
