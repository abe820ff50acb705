package io.understudy.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.cli.docs.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other modules use a role module's public face only; its internals are its own. */
class InternalsBoundaryTest {

    /** {@code io.understudy.node} and its internals, in two pieces so that this file does not name them. */
    private static final String NODE = internals("io.understudy.node");

    @TempDir
    Path dir;

    @Test
    void noModuleNamesAnotherModulesInternals() {
        InternalsBoundary boundary = new InternalsBoundary(RepositoryRoot.find());
        assertEquals(Map.of(internals("io.understudy.bridge"), "ingress-bridge", NODE, "node-processor",
                internals("io.understudy.selector"), "egress-selector"), boundary.owners());

        List<String> violations = boundary.violations();

        assertEquals(List.of(), violations, "modules that name another module's internals (use its public face, or"
                + " promote what you need to it, on purpose):\n" + String.join("\n", violations));
    }

    @Test
    void importsQualifiedNamesAndCommentsNamingAnotherModulesInternalsAreEachReported() throws IOException {
        write("node/src/main/java/io/understudy/node/internals/sync/BackupSide.java", """
                package NODE.sync;
                public class BackupSide { }
                """);
        write("node/src/test/java/io/understudy/node/internals/sync/BackupSideTest.java", """
                package NODE.sync;
                import NODE.sync.BackupSide;
                """);
        write("cli/src/main/java/io/understudy/cli/Audit.java", """
                package io.understudy.cli;
                import io.understudy.node.NodeReplay;
                import NODE.sync.BackupSide;
                import static NODE.sync.BackupSide.*;
                class Audit { Object side = new NODE.sync.BackupSide(); }
                /** See {@link NODE}. The node's internals, in prose, are fine; so is io.understudy.node.internalsX. */
                """);
        write("cli/src/test/java/io/understudy/cli/AuditTest.java", """
                package io.understudy.cli;
                import NOWHERE.Thing;
                """.replace("NOWHERE", internals("io.understudy.nowhere")));

        InternalsBoundary boundary = new InternalsBoundary(dir);

        assertEquals(Map.of(NODE, "node"), boundary.owners());
        assertEquals(List.of(
                "cli/src/main/java/io/understudy/cli/Audit.java:3: " + NODE + " is node's internals",
                "cli/src/main/java/io/understudy/cli/Audit.java:4: " + NODE + " is node's internals",
                "cli/src/main/java/io/understudy/cli/Audit.java:5: " + NODE + " is node's internals",
                "cli/src/main/java/io/understudy/cli/Audit.java:6: " + NODE + " is node's internals",
                "cli/src/test/java/io/understudy/cli/AuditTest.java:2: " + internals("io.understudy.nowhere")
                        + " is no module's package"),
                boundary.violations());
    }

    private static String internals(String pkg) {
        return pkg + ".internals";
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.replace("NODE", NODE));
    }
}
