package io.understudy.stack.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;

/**
 * A Java agent that makes a child JVM exit when the JVM that started it is gone, even when that
 * one died by SIGKILL and ran no shutdown hook. Linux has no portable "die with your parent" for
 * Java, so the child watches: every {@value #POLL_MILLIS} ms it checks that its parent (pid and
 * start time, so a reused pid does not fool it) is alive.
 *
 * <p>It is loaded with {@code -javaagent:<tiny jar>=<pid>:<start millis>}: {@link #agentJar()}
 * writes that jar, holding this one class and nothing else, so it never adds our libraries to a
 * child's class path (the schema registry has its own logging and JSON libraries).
 * This class must therefore use nothing but the JDK.
 */
public final class ParentWatch {

    static final long POLL_MILLIS = 500;
    /** After System.exit has had this long without ending the JVM, it is halted. */
    static final long EXIT_GRACE_MILLIS = 10_000;

    private ParentWatch() {
    }

    /** Agent entry point: {@code args} is {@code <pid>:<start time in epoch millis>}. */
    public static void premain(String args) {
        String[] parts = args == null ? new String[0] : args.split(":");
        if (parts.length != 2) {
            System.err.println("ParentWatch: expected <pid>:<start millis>, got " + args + "; not watching");
            return;
        }
        long pid = Long.parseLong(parts[0]);
        long startMillis = Long.parseLong(parts[1]);
        Thread watcher = new Thread(() -> watch(pid, startMillis), "understudy-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The {@code -javaagent:...} option that ties a child to this JVM. */
    public static String jvmOption() {
        ProcessHandle self = ProcessHandle.current();
        long startMillis = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return "-javaagent:" + agentJar() + "=" + self.pid() + ":" + startMillis;
    }

    private static void watch(long pid, long startMillis) {
        while (isAlive(pid, startMillis)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("ParentWatch: the JVM that started this one (pid " + pid + ") is gone: exiting");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "understudy-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }

    private static boolean isAlive(long pid, long startMillis) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            return false;
        }
        if (startMillis == 0) {
            return true;
        }
        return parent.get().info().startInstant().map(start -> start.toEpochMilli() == startMillis).orElse(true);
    }

    /**
     * A jar holding only this class, with {@code Premain-Class} set, in the temp directory. Its
     * name carries a checksum of the class, so a changed class gets a new jar; it is written to a
     * temporary file first and renamed, so concurrent JVMs never see half of it.
     */
    static synchronized Path agentJar() {
        byte[] classBytes = ownClassBytes();
        CRC32 crc = new CRC32();
        crc.update(classBytes);
        Path jar = Paths.get(System.getProperty("java.io.tmpdir"), "understudy-parent-watch-" + Long.toHexString(crc.getValue()) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
        String entryName = ParentWatch.class.getName().replace('.', '/') + ".class";
        try {
            Path staging = Files.createTempFile(jar.getParent(), "understudy-parent-watch-", ".tmp");
            try (OutputStream file = Files.newOutputStream(staging); JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry(entryName));
                out.write(classBytes);
                out.closeEntry();
            }
            Files.move(staging, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parent-watch agent jar " + jar, e);
        }
    }

    private static byte[] ownClassBytes() {
        try (InputStream in = ParentWatch.class.getResourceAsStream(ParentWatch.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("cannot read the bytes of " + ParentWatch.class.getName());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
