package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The status page is found where the selector loads it from (it once stayed behind when its package moved). */
class StatusPageResourceTest {

    @Test
    void theStatusPageIsBesideTheStatusReport() {
        String page = new String(EgressSelector.statusPage(), StandardCharsets.UTF_8);
        assertTrue(page.contains("<html") || page.contains("<!DOCTYPE") || page.contains("<!doctype"), page.substring(0, 80));
    }
}
