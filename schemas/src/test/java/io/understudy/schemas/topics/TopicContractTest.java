package io.understudy.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicContractTest {

    private final TopicNames names = TopicNames.defaults();

    @Test
    void listsEveryTopicOfTheDesignWithItsKeyValueAndPartitions() {
        assertEquals(11, TopicContract.values().length);
        assertContract(TopicContract.INGRESS, KeyKind.FLOW_ID, TrafficPacket.class, PartitionRule.SHARED);
        assertContract(TopicContract.NODE_OUTPUT, KeyKind.FLOW_ID, NodeOutput.class, PartitionRule.SHARED);
        assertContract(TopicContract.HEARTBEATS, KeyKind.NODE_INSTANCE, Heartbeat.class, PartitionRule.ONE);
        assertContract(TopicContract.NODE_SYNC, KeyKind.NODE_ID, SyncMessage.class, PartitionRule.SHARED);
        assertContract(TopicContract.SYNC, KeyKind.NODE_ID, SyncMessage.class, PartitionRule.SHARED);
        assertContract(TopicContract.LEADERSHIP, KeyKind.PARTITION, LeaderChange.class, PartitionRule.ONE);
        assertContract(TopicContract.EGRESS, KeyKind.FLOW_ID, EgressRecord.class, PartitionRule.SHARED);
        assertContract(TopicContract.SELECTOR_COMMANDS, KeyKind.PARTITION, SelectorCommand.class, PartitionRule.SHARED);
        assertContract(TopicContract.DEAD_LETTER, KeyKind.FLOW_ID, NodeOutput.class, PartitionRule.SHARED);
        assertContract(TopicContract.SELECTOR_HEARTBEATS, KeyKind.INSTANCE_ID, io.understudy.records.SelectorHeartbeat.class,
                PartitionRule.ONE);
        assertContract(TopicContract.SELECTOR_STATE, KeyKind.PARTITION, io.understudy.records.SelectorState.class,
                PartitionRule.SHARED);
    }

    @Test
    void namesOneTopicPerContractAndOnePerNodeForOutputsHeartbeatsAndSync() {
        List<String> all = Arrays.stream(TopicContract.values())
                .flatMap(c -> c.names(names, List.of("a", "b")).stream()).toList();
        assertEquals(List.of("understudy.ingress", "understudy.node.a.out", "understudy.node.b.out",
                "understudy.heartbeats.a", "understudy.heartbeats.b", "understudy.sync.a", "understudy.sync.b",
                "understudy.sync", "understudy.leadership", "understudy.egress",
                "understudy.selector.commands", "understudy.dead-letter", "understudy.selector.heartbeats",
                "understudy.selector.state"), all);
        assertThrows(IllegalStateException.class, () -> TopicContract.NODE_OUTPUT.name(names));
        assertThrows(IllegalStateException.class, () -> TopicContract.HEARTBEATS.name(names));
        assertThrows(IllegalStateException.class, () -> TopicContract.EGRESS.name(names, "a"));
        assertEquals(List.of(TopicContract.NODE_OUTPUT, TopicContract.HEARTBEATS, TopicContract.NODE_SYNC),
                TopicContract.perNodeTopics());
    }

    @Test
    void findsTheContractOfATopicByName() {
        for (TopicContract contract : TopicContract.values()) {
            String topic = contract.names(names, List.of("n1")).get(0);
            assertEquals(Optional.of(contract), TopicContract.of(names, topic), topic);
        }
        assertEquals(Optional.empty(), TopicContract.of(names, "understudy.other"));
        assertEquals(Optional.empty(), TopicContract.of(names, "understudy.sync.a.b"));
        assertEquals(Optional.empty(), TopicContract.of(names, "understudy.heartbeats"));
        assertEquals(Optional.empty(), TopicContract.of(names, "other.ingress"));
    }

    @Test
    void partitionCountFollowsIngressOrIsOne() {
        assertEquals(6, TopicContract.SYNC.partitionCount(6));
        assertEquals(1, TopicContract.HEARTBEATS.partitionCount(6));
        assertEquals(1, TopicContract.LEADERSHIP.partitionCount(6));
    }

    @Test
    void everyTopicButTheSelectorStateIsDeletePolicyWithRetentionAndTimestampsWhereTheyMatter() {
        TopicRetention retention = new TopicRetention(Duration.ofDays(2), Duration.ofMinutes(30));
        Set<String> policies = Arrays.stream(TopicContract.values()).filter(c -> c != TopicContract.SELECTOR_STATE)
                .map(c -> c.topicConfigs(retention).get("cleanup.policy")).collect(Collectors.toSet());
        assertEquals(Set.of("delete"), policies);
        assertEquals(Map.of("cleanup.policy", "compact"), TopicContract.SELECTOR_STATE.topicConfigs(retention));
        assertTrue(TopicContract.SELECTOR_STATE.compacted());
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "1800000",
                "message.timestamp.type", "LogAppendTime"), TopicContract.SELECTOR_HEARTBEATS.topicConfigs(retention));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "172800000"),
                TopicContract.INGRESS.topicConfigs(retention));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "1800000",
                "message.timestamp.type", "LogAppendTime"), TopicContract.HEARTBEATS.topicConfigs(retention));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "-1"),
                TopicContract.LEADERSHIP.topicConfigs(retention));
        assertEquals(Map.of("cleanup.policy", "delete"), TopicContract.EGRESS.topicConfigs(retention));
        assertEquals("-1", TopicContract.INGRESS.topicConfigs(
                new TopicRetention(Duration.ofMillis(-1), Duration.ofHours(1))).get("retention.ms"));
    }

    @Test
    void defaultRetentionIsAWeekOfIngressAndAnHourOfHeartbeats() {
        TopicRetention defaults = TopicRetention.defaults();
        assertEquals("604800000", TopicContract.INGRESS.topicConfigs(defaults).get("retention.ms"));
        assertEquals("3600000", TopicContract.HEARTBEATS.topicConfigs(defaults).get("retention.ms"));
    }

    private static void assertContract(TopicContract contract, KeyKind key, Class<?> value, PartitionRule partitions) {
        assertEquals(key, contract.key(), contract + " key");
        assertEquals(value, contract.valueType(), contract + " value");
        assertEquals(partitions, contract.partitions(), contract + " partitions");
    }
}
