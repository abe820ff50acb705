package io.understudy.cli.acls;

import io.understudy.node.UnderstudyNode;
import io.understudy.schemas.topics.TopicContract;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.EgressSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs every role needs, and nothing more (docs/design.md, Topics):
 * <ul>
 *   <li>a node reads ingress, leadership, the selector's resync orders ({@code sync}) and every
 *       node's sync topic ({@code sync.*}); writes only its own topics: output, heartbeats
 *       ({@code heartbeats.<id>}) and sync ({@code sync.<id>}), which it creates if missing; owns
 *       its Kafka Streams group, transactional ids and internal topics (prefixed with its
 *       application id). Kafka ACLs grant a topic's writers, never a key's: because each node
 *       speaks on topics of its own, no node can heartbeat or synchronize in another's name;</li>
 *   <li>the selector reads every node's output and heartbeats and its commands; it alone writes
 *       egress, leadership and the resync orders ({@code sync}); owns its group, transactional
 *       ids and internal topics;</li>
 *   <li>the bridge writes ingress;</li>
 *   <li>the operator (if named) writes selector commands (switchover).</li>
 * </ul>
 * Topic creation other than a node's own output topic is the administrator's (a super user, or
 * {@code understudy local}); so are the other topics' configs.
 *
 * <p>Internal topics, groups and transactional ids are matched by PREFIXED patterns on the
 * application id ({@code <prefix>-node-<id>}): a node id that extends another with a dash
 * ({@code a} and {@code a-b}) would share them; give nodes ids that are not dash-extensions of each other.
 */
public final class AclPlan {

    private static final String HOST = "*";

    private AclPlan() {
    }

    /** Every binding, grouped by principal (in the order: nodes, selector, bridge, operator). */
    public static Map<String, List<AclBinding>> of(TopicNames topics, RolePrincipals principals) {
        Map<String, List<AclBinding>> plan = new java.util.LinkedHashMap<>();
        new TreeMap<>(principals.nodes()).forEach((nodeId, principal) ->
                plan.computeIfAbsent(principal, p -> new ArrayList<>()).addAll(node(topics, nodeId, principal)));
        plan.computeIfAbsent(principals.selector(), p -> new ArrayList<>()).addAll(selector(topics, principals.selector()));
        plan.computeIfAbsent(principals.bridge(), p -> new ArrayList<>()).addAll(bridge(topics, principals.bridge()));
        if (principals.operator() != null) {
            plan.computeIfAbsent(principals.operator(), p -> new ArrayList<>()).addAll(operator(topics, principals.operator()));
        }
        return plan;
    }

    /** Every binding of the plan, in one list. */
    public static List<AclBinding> all(TopicNames topics, RolePrincipals principals) {
        return of(topics, principals).values().stream().flatMap(List::stream).distinct().toList();
    }

    static List<AclBinding> node(TopicNames topics, String nodeId, String principal) {
        String applicationId = UnderstudyNode.applicationId(topics, nodeId);
        List<AclBinding> acls = new ArrayList<>();
        // DESCRIBE_CONFIGS: a role checks the cleanup policy of the topics it uses before it starts
        topic(acls, principal, topics.ingress(), AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.syncOrders(), AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        // every node's sync topic, present and future: <prefix>sync.
        add(acls, principal, ResourceType.TOPIC, topics.syncOrders() + ".", PatternType.PREFIXED,
                AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, principal, topics.leadership(), AclOperation.READ, AclOperation.DESCRIBE);
        // its own topics only: what it writes, nobody else does
        for (TopicContract own : TopicContract.perNodeTopics()) {
            topic(acls, principal, own.name(topics, nodeId), AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS);
        }
        owned(acls, principal, applicationId);
        return acls;
    }

    static List<AclBinding> selector(TopicNames topics, String principal) {
        List<AclBinding> acls = new ArrayList<>();
        // every node's output, present and future: <prefix>node.
        add(acls, principal, ResourceType.TOPIC, topics.prefix() + "node.", PatternType.PREFIXED,
                AclOperation.READ, AclOperation.DESCRIBE);
        // every node's heartbeats, present and future: <prefix>heartbeats.
        add(acls, principal, ResourceType.TOPIC, topics.prefix() + "heartbeats.", PatternType.PREFIXED,
                AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, principal, topics.selectorCommands(), AclOperation.READ, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.egress(), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.leadership(), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.syncOrders(), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.deadLetter(), AclOperation.WRITE, AclOperation.DESCRIBE);
        // the selector group: its heartbeats and its committed state, read and written by every instance
        topic(acls, principal, topics.selectorHeartbeats(), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        topic(acls, principal, topics.selectorState(), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        // the fixed transactional id of every shard: <prefix>selector-shard-<k>
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, EgressSelector.transactionalIdPrefix(topics),
                PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        return acls;
    }

    static List<AclBinding> bridge(TopicNames topics, String principal) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, topics.ingress(), AclOperation.WRITE, AclOperation.DESCRIBE);
        return acls;
    }

    static List<AclBinding> operator(TopicNames topics, String principal) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, topics.selectorCommands(), AclOperation.WRITE, AclOperation.DESCRIBE);
        return acls;
    }

    /** A Kafka Streams application's own resources: internal topics, consumer group, transactional ids. */
    private static void owned(List<AclBinding> acls, String principal, String applicationId) {
        add(acls, principal, ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.ALL);
        add(acls, principal, ResourceType.GROUP, applicationId, PatternType.LITERAL,
                AclOperation.READ, AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED,
                AclOperation.WRITE, AclOperation.DESCRIBE);
    }

    private static void topic(List<AclBinding> acls, String principal, String topic, AclOperation... operations) {
        add(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, operations);
    }

    private static void add(List<AclBinding> acls, String principal, ResourceType type, String name, PatternType pattern,
                            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, HOST, operation, AclPermissionType.ALLOW)));
        }
    }

    /** One line per binding, e.g. {@code ALLOW User:node-a WRITE TOPIC understudy.node.a.out (LITERAL)}. */
    public static String describe(AclBinding binding) {
        return String.format("%s %s %s %s %s (%s)", binding.entry().permissionType(), binding.entry().principal(),
                binding.entry().operation(), binding.pattern().resourceType(), binding.pattern().name(),
                binding.pattern().patternType());
    }
}
