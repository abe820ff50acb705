package io.understudy.harness;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.router.RouterConfig;
import io.understudy.functions.security.KeyFile;
import io.understudy.functions.security.SecurityConfig;
import io.understudy.functions.security.client.SecurityKeys;
import io.understudy.harness.traffic.ClientProtocol;
import io.understudy.harness.traffic.RouterFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The static configuration the demo makes for its traffic function, in its work directory, and
 * what the traffic generator and the egress check need from it: for the router a routing table
 * file ({@link RouterFlows#SAMPLE_TABLE}); for the security engine a fresh long-term key file
 * shared by every node ({@code node.key}) and its public key file for the client ({@code node.pub}).
 *
 * @param protocol      what the generator speaks
 * @param nodeSettings  the {@code function.*} settings of every node
 * @param nodePublicKey the security engine's public key, else null
 * @param router        the routers' configuration as the nodes read it, else null
 */
public record FunctionSetup(ClientProtocol protocol, Map<String, String> nodeSettings, byte[] nodePublicKey,
                            RouterConfig router) {

    /**
     * Makes the configuration of a function the demo can drive.
     *
     * @throws IllegalArgumentException for a function it cannot drive
     */
    public static FunctionSetup prepare(String function, Path workDir) {
        ClientProtocol protocol = ClientProtocol.of(function);
        try {
            Files.createDirectories(workDir);
            switch (protocol) {
                case ROUTER -> {
                    Path table = Files.writeString(workDir.resolve("routes.txt"), RouterFlows.SAMPLE_TABLE);
                    Map<String, String> settings = Map.of(RouterConfig.TABLE.key(), table.toAbsolutePath().toString());
                    return new FunctionSetup(protocol, settings, null, RouterConfig.from(new FunctionConfig(settings)));
                }
                case SECURITY_ENGINE -> {
                    Path keyFile = workDir.resolve("node.key");
                    byte[] publicKey = SecurityKeys.generate(keyFile);
                    KeyFile.writePublicKey(workDir.resolve("node.pub"), publicKey);
                    return new FunctionSetup(protocol, Map.of(SecurityConfig.KEY_FILE.key(),
                            keyFile.toAbsolutePath().toString()), publicKey, null);
                }
                default -> {
                    return new FunctionSetup(protocol, Map.of(), null, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + function + " configuration in " + workDir, e);
        }
    }

    /** The node options that carry {@link #nodeSettings}. */
    public java.util.List<String> nodeArgs() {
        return nodeSettings.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
                .toList();
    }
}
