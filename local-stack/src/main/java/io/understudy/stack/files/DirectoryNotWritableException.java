package io.understudy.stack.files;

import io.understudy.stack.StackStartupException;

import java.nio.file.Path;

/** A directory the stack needs cannot be created or written to. */
public final class DirectoryNotWritableException extends StackStartupException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public DirectoryNotWritableException(Path directory, String message) {
        super(message);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
