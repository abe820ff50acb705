package io.understudy.stack.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Creating and deleting the stack's directories. */
public final class Directories {

    private Directories() {
    }

    /**
     * Creates {@code dir} (and its parents) if needed and checks that files can be written in it.
     *
     * @param purpose what the directory is for, for the message ("Kafka data directory")
     * @throws DirectoryNotWritableException naming the directory and the reason
     */
    public static Path requireWritable(Path dir, String purpose) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            // a probe file: Files.isWritable answers yes for root even on read-only mounts
            Path probe = Files.createTempFile(absolute, ".write-probe", "");
            Files.delete(probe);
            return absolute;
        } catch (IOException | SecurityException e) {
            throw new DirectoryNotWritableException(absolute, "cannot write to the " + purpose + " " + absolute + " ("
                    + describe(absolute, e) + "): choose a directory you can write to");
        }
    }

    /** Deletes {@code dir} and everything below it; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted meanwhile
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static String describe(Path dir, Exception e) {
        Optional<Path> inTheWay = fileInTheWay(dir);
        if (inTheWay.isPresent()) {
            return "a file that is not a directory is in the way: " + inTheWay.get();
        }
        if (e instanceof AccessDeniedException ade) {
            return "permission denied: " + ade.getFile();
        }
        if (e instanceof FileSystemException fse) {
            return fse.getReason() == null ? fse.getFile() : fse.getFile() + ": " + fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** The nearest existing ancestor of {@code dir} (or {@code dir} itself) if it is not a directory. */
    private static Optional<Path> fileInTheWay(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? Optional.empty() : Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
