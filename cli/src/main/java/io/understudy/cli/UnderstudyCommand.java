package io.understudy.cli;

import io.understudy.cli.bench.BenchCommand;
import io.understudy.cli.acls.AclsCommand;
import io.understudy.cli.audit.AuditCommand;
import io.understudy.cli.audit.ReplayCommand;
import io.understudy.cli.bridge.BridgeCommand;
import io.understudy.cli.config.ConfigCommand;
import io.understudy.cli.demo.ChaosCommand;
import io.understudy.cli.demo.DemoCommand;
import io.understudy.cli.local.LocalCommand;
import io.understudy.cli.node.NodeCommand;
import io.understudy.cli.selector.SelectorCommand;
import io.understudy.cli.selector.SwitchoverCommand;
import io.understudy.cli.status.StatusCommand;
import io.understudy.cli.traffic.TrafficCommand;
import io.understudy.cli.traffic.VerifyCommand;

import io.understudy.cli.topics.TopicsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code understudy}: the top-level command. Every subcommand is registered here, in
 * {@code subcommands}, and nowhere else.
 */
@Command(name = "understudy",
        scope = ScopeType.INHERIT, // subcommands get --help and --version too
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Hot standby for stateful network functions on Apache Kafka.",
        subcommands = {
                LocalCommand.class,
                DemoCommand.class,
                ChaosCommand.class,
                NodeCommand.class,
                SelectorCommand.class,
                BridgeCommand.class,
                SwitchoverCommand.class,
                StatusCommand.class,
                TrafficCommand.class,
                VerifyCommand.class,
                BenchCommand.class,

                ConfigCommand.class,
                AclsCommand.class,
                TopicsCommand.class,
                AuditCommand.class,
                ReplayCommand.class,
        })
public final class UnderstudyCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace too (default: one line saying what went wrong).")
    private boolean verbose;

    /** True if {@code --verbose} was given, on this command or a subcommand. */
    public boolean verbose() {
        return verbose;
    }

    /** Without a subcommand: show what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
