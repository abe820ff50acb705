package io.understudy.cli.acls;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code understudy acls --print|--apply}: the least-privilege ACLs of each role ({@link AclPlan}).
 * {@code --apply} creates them through the Admin API with the given connection settings
 * ({@code kafka.*} from --config/--set/env), which must be an administrator's.
 */
@Command(name = "acls",
        description = "Prints or applies the ACLs each role needs and no more: a node writes only its own output,"
                + " heartbeats and sync topics (so no node can speak for another); only the selector writes egress,"
                + " leadership and resync orders; the bridge writes ingress.")
public final class AclsCommand implements Callable<Integer> {

    static final class Action {
        @Option(names = "--print", required = true, description = "Print the ACLs, one per line.")
        boolean print;

        @Option(names = "--apply", required = true, description = "Create the ACLs in the cluster (as an administrator).")
        boolean apply;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--node", paramLabel = "ID[=PRINCIPAL]", required = true,
            description = "A node and its principal (repeatable; default principal User:node-ID).")
    List<String> nodes;

    @Option(names = "--selector-principal", paramLabel = "PRINCIPAL", defaultValue = "User:selector",
            description = "The selector's principal (default: ${DEFAULT-VALUE}).")
    String selectorPrincipal;

    @Option(names = "--bridge-principal", paramLabel = "PRINCIPAL", defaultValue = "User:bridge",
            description = "The bridge's principal (default: ${DEFAULT-VALUE}).")
    String bridgePrincipal;

    @Option(names = "--operator-principal", paramLabel = "PRINCIPAL",
            description = "Who may request switchovers (writes selector commands); none by default.")
    String operatorPrincipal;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = cluster.settings(AclsCommand::accepts).values();
        TopicNames topics = new TopicNames(String.valueOf(settings.getOrDefault("topic.prefix", TopicNames.DEFAULT_PREFIX)));
        RolePrincipals principals = new RolePrincipals(nodePrincipals(), selectorPrincipal, bridgePrincipal,
                operatorPrincipal);
        PrintWriter out = spec.commandLine().getOut();
        if (action.print) {
            AclPlan.of(topics, principals).forEach((principal, bindings) -> {
                out.println("# " + principal);
                bindings.forEach(binding -> out.println(AclPlan.describe(binding)));
            });
            out.flush();
            return 0;
        }
        List<AclBinding> bindings = AclPlan.all(topics, principals);
        Map<String, Object> admin = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(KafkaPassThrough.KAFKA_PREFIX)) {
                admin.put(key.substring(KafkaPassThrough.KAFKA_PREFIX.length()), value);
            }
        });
        admin.put("bootstrap.servers", settings.getOrDefault("bootstrap.servers", "127.0.0.1:9092"));
        try (Admin client = Admin.create(admin)) {
            client.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        }
        out.println("applied " + bindings.size() + " ACLs for " + AclPlan.of(topics, principals).keySet()
                + " at " + admin.get("bootstrap.servers"));
        out.flush();
        return 0;
    }

    private static boolean accepts(String key) {
        return key.equals("bootstrap.servers") || key.equals("topic.prefix") || key.startsWith(KafkaPassThrough.KAFKA_PREFIX);
    }

    private Map<String, String> nodePrincipals() {
        Map<String, String> principals = new LinkedHashMap<>();
        for (String node : nodes) {
            int equals = node.indexOf('=');
            String id = equals < 0 ? node : node.substring(0, equals);
            TopicNames.requireValidNodeId(id);
            principals.put(id, equals < 0 ? "User:node-" + id : node.substring(equals + 1));
        }
        return principals;
    }
}
