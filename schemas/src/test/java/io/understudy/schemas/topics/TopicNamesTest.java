package io.understudy.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    private final TopicNames names = TopicNames.defaults();

    @Test
    void namesEveryTopicUnderTheDefaultPrefix() {
        assertEquals("understudy.ingress", names.ingress());
        assertEquals("understudy.heartbeats.a", names.heartbeats("a"));
        assertEquals("understudy.sync.a", names.nodeSync("a"));
        assertEquals("understudy.sync", names.syncOrders());
        assertEquals("understudy.leadership", names.leadership());
        assertEquals("understudy.egress", names.egress());
        assertEquals("understudy.selector.commands", names.selectorCommands());
        assertEquals("understudy.node.node-A_1.out", names.nodeOutput("node-A_1"));
    }

    @Test
    void namesTopicsUnderAnotherPrefix() {
        TopicNames lab = new TopicNames("lab-3.");
        assertEquals("lab-3.ingress", lab.ingress());
        assertEquals("lab-3.node.b.out", lab.nodeOutput("b"));
        assertEquals("ingress", new TopicNames("").ingress());
    }

    @Test
    void nodeOutputPatternMatchesOnlyNodeOutputTopicsOfItsPrefix() {
        assertTrue(names.nodeOutputPattern().matcher("understudy.node.a.out").matches());
        assertTrue(names.nodeOutputPattern().matcher("understudy.node." + "x".repeat(64) + ".out").matches());
        assertFalse(names.nodeOutputPattern().matcher("understudy.node." + "x".repeat(65) + ".out").matches());
        assertFalse(names.nodeOutputPattern().matcher("understudy.node..out").matches());
        assertFalse(names.nodeOutputPattern().matcher("understudy.node.a.b.out").matches());
        assertFalse(names.nodeOutputPattern().matcher("understudyXnode.a.out").matches(), "the prefix dot is literal");
        assertFalse(names.nodeOutputPattern().matcher("other.node.a.out").matches());
        assertFalse(names.nodeOutputPattern().matcher("understudy.ingress").matches());
    }

    @Test
    void heartbeatsAndSyncTopicsNameTheirNodeAndNoOther() {
        assertEquals(Optional.of("b"), names.heartbeatsNodeOf("understudy.heartbeats.b"));
        assertEquals(Optional.empty(), names.heartbeatsNodeOf("understudy.heartbeats"));
        assertEquals(Optional.empty(), names.heartbeatsNodeOf("understudy.heartbeats.a.b"));
        assertEquals(Optional.empty(), names.heartbeatsNodeOf("understudy.selector.heartbeats"));
        assertEquals(Optional.of("a"), names.syncNodeOf("understudy.sync.a"));
        assertEquals(Optional.empty(), names.syncNodeOf("understudy.sync"));
        assertTrue(names.heartbeatsPattern().matcher("understudy.heartbeats.node-1").matches());
        assertFalse(names.heartbeatsPattern().matcher("understudy.heartbeats").matches());
        assertFalse(names.heartbeatsPattern().matcher("understudy.heartbeats.a.b").matches());
        assertTrue(names.syncPattern().matcher("understudy.sync").matches(), "the selector's resync orders");
        assertTrue(names.syncPattern().matcher("understudy.sync.a").matches());
        assertFalse(names.syncPattern().matcher("understudy.sync.a.b").matches());
        assertFalse(names.syncPattern().matcher("understudyXsync").matches(), "the prefix dot is literal");
        assertFalse(names.syncPattern().matcher("understudy.syncx").matches());
    }

    @Test
    void nodeIdOfReadsTheIdBackFromTheTopicName() {
        assertEquals(Optional.of("node-7"), names.nodeIdOf(names.nodeOutput("node-7")));
        assertEquals(Optional.empty(), names.nodeIdOf("understudy.egress"));
        assertEquals(Optional.empty(), names.nodeIdOf("lab.node.a.out"));
    }

    @Test
    void refusesInvalidNodeIdsSayingWhatANodeIdIs() {
        IllegalArgumentException dotted = assertThrows(IllegalArgumentException.class, () -> names.nodeOutput("a.b"));
        assertEquals("Invalid node id 'a.b': a node id is 1 to 64 letters, digits, '_' or '-' "
                + "(it becomes part of the topic name node.<id>.out)", dotted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> names.nodeOutput(""));
        assertThrows(IllegalArgumentException.class, () -> names.nodeOutput("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> names.nodeOutput("é"));
        assertEquals("Node id is missing",
                assertThrows(IllegalArgumentException.class, () -> names.nodeOutput(null)).getMessage());
    }

    @Test
    void refusesPrefixesKafkaWouldNotAccept() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopicNames("my prefix/"));
        assertEquals("Invalid topic prefix 'my prefix/': it may hold only letters, digits, '.', '_' and '-', "
                + "at most 150 of them", e.getMessage());
    }
}
