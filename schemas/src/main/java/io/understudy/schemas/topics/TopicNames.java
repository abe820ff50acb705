package io.understudy.schemas.topics;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of Understudy's topics, all under one prefix so that several deployments can share
 * a cluster. With the default prefix {@value #DEFAULT_PREFIX}: {@code understudy.ingress},
 * {@code understudy.node.A.out}, {@code understudy.heartbeats.A}, ...
 *
 * @param prefix prepended to every topic name; may be empty; only characters Kafka allows in
 *               topic names ({@code [a-zA-Z0-9._-]})
 */
public record TopicNames(String prefix) {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "understudy.";

    /** What a node id may be: it becomes part of a topic name and of Kafka Streams ids. */
    public static final Pattern NODE_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{0,150}");

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Invalid topic prefix '" + prefix
                    + "': it may hold only letters, digits, '.', '_' and '-', at most 150 of them");
        }
    }

    /** The names under {@value #DEFAULT_PREFIX}. */
    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    /** Packets from the first endpoint, written by the ingress bridge. */
    public String ingress() {
        return prefix + "ingress";
    }

    /**
     * One node's heartbeats: {@code <prefix>heartbeats.<id>} (one partition), written by that node
     * only. A topic per node, so that an ACL (a topic's writers, never a key's) keeps a node from
     * speaking for another.
     */
    public String heartbeats(String nodeId) {
        return prefix + "heartbeats." + requireValidNodeId(nodeId);
    }

    /** Matches the name of every node's heartbeats topic, capturing the node id as group 1. */
    public Pattern heartbeatsPattern() {
        return Pattern.compile(Pattern.quote(prefix + "heartbeats.") + "(" + NODE_ID.pattern() + ")");
    }

    /** The node whose heartbeats topic this is, or empty when it is not one under this prefix. */
    public Optional<String> heartbeatsNodeOf(String topic) {
        return nodeAfter(prefix + "heartbeats.", topic);
    }

    /**
     * The synchronization protocol's messages sent by one node: {@code <prefix>sync.<id>},
     * partition p for ingress partition p, written by that node only (requests, checkpoints,
     * acknowledgements, declarations, probes). A reader takes the topic, not the message, as the
     * sender.
     */
    public String nodeSync(String nodeId) {
        return prefix + "sync." + requireValidNodeId(nodeId);
    }

    /** The node whose sync topic this is, or empty when it is not one under this prefix. */
    public Optional<String> syncNodeOf(String topic) {
        return nodeAfter(prefix + "sync.", topic);
    }

    /**
     * The egress selector's resync orders: {@code <prefix>sync}, partition p for ingress partition
     * p, written by the egress selector only.
     */
    public String syncOrders() {
        return prefix + "sync";
    }

    /**
     * Matches every topic a node reads synchronization messages from: the selector's {@link
     * #syncOrders()} and every node's {@link #nodeSync(String)}.
     */
    public Pattern syncPattern() {
        return Pattern.compile(Pattern.quote(prefix + "sync") + "(\\.(" + NODE_ID.pattern() + "))?");
    }

    private static Optional<String> nodeAfter(String head, String topic) {
        if (topic.length() <= head.length() || !topic.startsWith(head)) {
            return Optional.empty();
        }
        String nodeId = topic.substring(head.length());
        return NODE_ID.matcher(nodeId).matches() ? Optional.of(nodeId) : Optional.empty();
    }

    /** The egress selector's leadership decisions (one partition, the audit log). */
    public String leadership() {
        return prefix + "leadership";
    }

    /** What the second endpoint consumes, written by the egress selector only. */
    public String egress() {
        return prefix + "egress";
    }

    /**
     * The leader's drop verdicts for poison ingress records (undecodable, or making the traffic
     * function fail), written by the egress selector once each; the raw record stays on ingress at
     * the partition and offset the verdict names.
     */
    public String deadLetter() {
        return prefix + "dead-letter";
    }

    /** Operators' requests to the egress selector (e.g. a planned switchover). */
    public String selectorCommands() {
        return prefix + "selector.commands";
    }

    /** The egress selector instances' heartbeats (one partition, stamped by the broker). */
    public String selectorHeartbeats() {
        return prefix + "selector.heartbeats";
    }

    /**
     * The egress selector's state per ingress partition (compacted; partition p for ingress
     * partition p), written by the owner of the partition's shard in the transaction of its egress.
     */
    public String selectorState() {
        return prefix + "selector.state";
    }

    /** The output topic of one node: {@code <prefix>node.<id>.out}. */
    public String nodeOutput(String nodeId) {
        return prefix + "node." + requireValidNodeId(nodeId) + ".out";
    }

    /** Matches the name of every node's output topic, capturing the node id as group 1. */
    public Pattern nodeOutputPattern() {
        return Pattern.compile(Pattern.quote(prefix + "node.") + "(" + NODE_ID.pattern() + ")"
                + Pattern.quote(".out"));
    }

    /**
     * The node whose output topic this is.
     *
     * @return the node id, or empty when the topic is not a node output topic under this prefix
     */
    public Optional<String> nodeIdOf(String topic) {
        // called per topic by routers of records: plain string checks rather than compiling the pattern
        String head = prefix + "node.";
        String tail = ".out";
        if (topic.length() <= head.length() + tail.length() || !topic.startsWith(head) || !topic.endsWith(tail)) {
            return Optional.empty();
        }
        String nodeId = topic.substring(head.length(), topic.length() - tail.length());
        return NODE_ID.matcher(nodeId).matches() ? Optional.of(nodeId) : Optional.empty();
    }

    /**
     * Checks a node id against {@link #NODE_ID}.
     *
     * @return the node id, unchanged
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String requireValidNodeId(String nodeId) {
        if (nodeId == null) {
            throw new IllegalArgumentException("Node id is missing");
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("Invalid node id '" + nodeId + "': a node id is 1 to 64 "
                    + "letters, digits, '_' or '-' (it becomes part of the topic name node.<id>.out)");
        }
        return nodeId;
    }
}
