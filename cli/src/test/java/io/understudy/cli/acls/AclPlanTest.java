package io.understudy.cli.acls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import io.understudy.schemas.topics.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Who may write what, by the plan alone (SecureDeploymentIT shows the broker enforcing it). */
class AclPlanTest {

    private final TopicNames topics = new TopicNames("understudy.");
    private final Map<String, List<AclBinding>> plan = AclPlan.of(topics,
            new RolePrincipals(Map.of("a", "User:node-a", "b", "User:node-b"), "User:selector", "User:bridge", "User:ops"));

    @Test
    void eachTopicIsWrittenOnlyByItsWriters() {
        assertEquals(Set.of("User:bridge"), writersOf(topics.ingress()));
        assertEquals(Set.of("User:node-a"), writersOf(topics.nodeOutput("a")));
        assertEquals(Set.of("User:node-b"), writersOf(topics.nodeOutput("b")));
        assertEquals(Set.of("User:node-a"), writersOf(topics.heartbeats("a")));
        assertEquals(Set.of("User:node-b"), writersOf(topics.heartbeats("b")));
        assertEquals(Set.of("User:node-a"), writersOf(topics.nodeSync("a")));
        assertEquals(Set.of("User:node-b"), writersOf(topics.nodeSync("b")));
        assertEquals(Set.of(), writersOf(topics.nodeSync("c")), "a node not in the plan: nobody speaks for it");
        assertEquals(Set.of(), writersOf(topics.heartbeats("c")));
        assertEquals(Set.of("User:selector"), writersOf(topics.syncOrders()));
        assertEquals(Set.of("User:selector"), writersOf(topics.egress()));
        assertEquals(Set.of("User:selector"), writersOf(topics.leadership()));
        assertEquals(Set.of("User:ops"), writersOf(topics.selectorCommands()));
        assertEquals(Set.of("User:selector"), writersOf(topics.selectorHeartbeats()));
        assertEquals(Set.of("User:selector"), writersOf(topics.selectorState()));
        assertEquals(Set.of("User:selector"), writersOf(topics.deadLetter()));
    }

    @Test
    void prefixedGrantsCoverOnlyTheRolesOwnResources() {
        Set<String> nodeAPrefixes = plan.get("User:node-a").stream()
                .filter(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .map(b -> b.pattern().resourceType() + " " + b.pattern().name()).collect(Collectors.toSet());
        assertEquals(Set.of("TOPIC understudy-node-a-", "TRANSACTIONAL_ID understudy-node-a-", "TOPIC understudy.sync."),
                nodeAPrefixes);
        assertTrue(plan.get("User:node-a").stream().noneMatch(b -> b.pattern().patternType() == PatternType.PREFIXED
                && b.pattern().name().equals("understudy.sync.") && b.entry().operation() != AclOperation.READ
                && b.entry().operation() != AclOperation.DESCRIBE), "a node only reads the other nodes' sync topics");
        assertTrue(plan.get("User:selector").stream().noneMatch(b -> b.pattern().resourceType() == ResourceType.TOPIC
                && b.pattern().patternType() == PatternType.PREFIXED && b.pattern().name().equals("understudy.node.")
                && b.entry().operation() != AclOperation.READ && b.entry().operation() != AclOperation.DESCRIBE),
                "the selector only reads node outputs");
        Set<String> selectorPrefixes = plan.get("User:selector").stream()
                .filter(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .map(b -> b.pattern().resourceType() + " " + b.pattern().name()).collect(Collectors.toSet());
        assertEquals(Set.of("TOPIC understudy.node.", "TOPIC understudy.heartbeats.",
                "TRANSACTIONAL_ID understudy.selector-shard-"), selectorPrefixes,
                "the node outputs and heartbeats it reads, and the fixed transactional ids of its shards");
    }

    @Test
    void printsOneLinePerAclGroupedByPrincipal() {
        CommandRun run = CommandRun.of("acls", "--print", "--node", "a", "--node", "b=User:CN=b");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("# User:node-a\nALLOW User:node-a READ TOPIC understudy.ingress (LITERAL)\n"), run.out());
        assertTrue(run.out().contains("ALLOW User:CN=b WRITE TOPIC understudy.node.b.out (LITERAL)"), run.out());
        assertTrue(run.out().contains("ALLOW User:CN=b WRITE TOPIC understudy.heartbeats.b (LITERAL)"), run.out());
        assertTrue(run.out().contains("ALLOW User:CN=b WRITE TOPIC understudy.sync.b (LITERAL)"), run.out());
        assertTrue(run.out().contains("ALLOW User:selector WRITE TOPIC understudy.egress (LITERAL)"), run.out());
    }

    private Set<String> writersOf(String topic) {
        return plan.values().stream().flatMap(List::stream)
                .filter(b -> b.entry().operation() == AclOperation.WRITE || b.entry().operation() == AclOperation.ALL)
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.pattern().patternType() == PatternType.LITERAL ? b.pattern().name().equals(topic)
                        : topic.startsWith(b.pattern().name()))
                .map(b -> b.entry().principal()).collect(Collectors.toSet());
    }
}
