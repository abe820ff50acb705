package io.understudy.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.understudy.cli.CommandRun;
import io.understudy.cli.docs.RepositoryRoot;
import io.understudy.cli.options.Role;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    @Test
    void theCommittedReferenceIsWhatTheRolesDefinitionsGenerate() throws IOException {
        Path committed = RepositoryRoot.find().resolve(ConfigReference.PATH);
        String generated = ConfigReference.markdown();
        if (!Files.isRegularFile(committed)) {
            fail(ConfigReference.PATH + " is missing; generate it from the repository's root with: "
                    + ConfigReference.REGENERATE);
        }
        String onDisk = Files.readString(committed);
        if (!onDisk.equals(generated)) {
            fail(ConfigReference.PATH + " differs from what the roles' ConfigDefs generate ("
                    + firstDifference(onDisk, generated) + "); regenerate it from the repository's root with: "
                    + ConfigReference.REGENERATE);
        }
    }

    @Test
    void configDocPrintsExactlyTheReference() {
        CommandRun run = CommandRun.of("config", "--doc");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(ConfigReference.markdown(), run.out());
    }

    @Test
    void everyKeyOfEveryRoleAndOfTheTopicsCommandHasItsRow() {
        String reference = ConfigReference.markdown();
        int rows = 0;
        for (Role role : Role.values()) {
            assertTrue(reference.contains("\n## " + role.cliName() + " (`"), role.cliName());
            for (String key : role.definition().names()) {
                assertTrue(reference.contains("\n| `" + key + "` | "), role.cliName() + " key " + key);
                rows++;
            }
        }
        for (String key : TopicProvisionerConfig.CONFIG_DEF.names()) {
            assertTrue(reference.contains("\n| `" + key + "` | "), "topics key " + key);
        }
        assertTrue(rows > 50, "only " + rows + " role keys");
    }

    @Test
    void aDefaultIsShownAsTheRoleHasItAndARequiredKeySaysSo() {
        String reference = ConfigReference.markdown();

        assertTrue(reference.contains("\n| `failure.timeout.ms` | long | `300` | [1,...] | HIGH | "), reference);
        assertTrue(reference.contains("\n| `node.id` | string | *required* | "), reference);
    }

    @Test
    void printWithoutARoleIsAUsageError() {
        CommandRun run = CommandRun.of("config", "--print");

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--role"), run.err());
    }

    /** "line N: committed '...', generated '...'" for the first line that differs. */
    static String firstDifference(String committed, String generated) {
        String[] a = committed.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "(end of file)";
            String right = i < b.length ? b[i] : "(end of file)";
            if (!left.equals(right)) {
                return "first difference at line " + (i + 1) + ": committed '" + abbreviate(left) + "', generated '"
                        + abbreviate(right) + "'";
            }
        }
        return "they differ in line endings";
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
