package io.understudy.cli.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found from the test's working directory (the module's, under Maven). */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The nearest directory at or above the working directory that holds the root pom, README.md and the launcher. */
    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isRegularFile(dir.resolve("understudy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml, README.md and understudy) at or above "
                + Path.of("").toAbsolutePath());
    }
}
