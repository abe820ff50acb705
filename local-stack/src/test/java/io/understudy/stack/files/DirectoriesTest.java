package io.understudy.stack.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoriesTest {

    @Test
    void createsMissingDirectories(@TempDir Path temp) {
        Path dir = temp.resolve("a/b/c");
        assertEquals(dir, Directories.requireWritable(dir, "data directory"));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void aFileInTheWayIsAClearError(@TempDir Path temp) throws Exception {
        // works as root too, unlike a read-only directory
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        DirectoryNotWritableException e = assertThrows(DirectoryNotWritableException.class,
                () -> Directories.requireWritable(file.resolve("data"), "data directory"));
        assertEquals("cannot write to the data directory " + file.resolve("data")
                + " (a file that is not a directory is in the way: " + file + "): choose a directory you can write to", e.getMessage());
    }

    @Test
    void deletesATree(@TempDir Path temp) throws Exception {
        Path root = temp.resolve("root");
        Files.createDirectories(root.resolve("x/y"));
        Files.writeString(root.resolve("x/y/z.txt"), "z");
        Directories.deleteRecursively(root);
        assertFalse(Files.exists(root));
        Directories.deleteRecursively(root); // missing is fine
    }
}
