package io.understudy.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownLinksTest {

    @TempDir
    Path dir;

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsResolvesInsideTheRepository() {
        MarkdownLinks links = new MarkdownLinks(RepositoryRoot.find());
        List<Path> files = links.markdownFiles();
        assertTrue(files.stream().anyMatch(p -> p.endsWith("README.md")), files.toString());
        assertTrue(files.stream().anyMatch(p -> p.endsWith(Path.of("docs", "design.md"))), files.toString());

        List<String> broken = links.broken();

        assertEquals(List.of(), broken, "broken links in the repository's Markdown:\n" + String.join("\n", broken));
    }

    @Test
    void aMissingFileAPathOutsideTheRepositoryAndAMissingAnchorAreEachReported() throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.md"), """
                # Life of a record: `TcpEndpoint` (step 1)

                ## Twice
                ## Twice
                """);
        Files.writeString(dir.resolve("README.md"), """
                [ok](docs/a.md) [ok anchor](docs/a.md#life-of-a-record-tcpendpoint-step-1) [repeat](docs/a.md#twice-1)
                ![missing](docs/missing.png) and [outside](../outside/notes.md)
                [bad anchor](docs/a.md#nowhere) [own](#no-heading-here) [site](https://kafka.apache.org/)
                `[in code](nowhere.md)`
                ```
                [in a block](nowhere.md)
                ```
                [ref]: docs/gone.md
                """);

        List<String> broken = new MarkdownLinks(dir).broken();

        assertEquals(List.of(
                "README.md:2: docs/missing.png: no such file or folder",
                "README.md:2: ../outside/notes.md: leaves the repository",
                "README.md:3: docs/a.md#nowhere: no heading makes the anchor #nowhere in docs/a.md",
                "README.md:3: #no-heading-here: no heading makes the anchor #no-heading-here in README.md",
                "README.md:8: docs/gone.md: no such file or folder"), broken);
    }
}
