package io.understudy.stack.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Starts a JVM as a child process, with the same {@code java} binary as this JVM. Immutable: each
 * {@code with...} returns a new launcher, so one can be kept as a template.
 *
 * <pre>{@code
 * LaunchedProcess node = JavaProcessLauncher.mainClass("io.understudy.cli.Main")
 *         .withArgs("node", "--id", "a")
 *         .withJvmArgs("-Xmx512m")
 *         .withLogFile(dir.resolve("node-a.log"))
 *         .start();
 * node.kill9();
 * }</pre>
 */
public final class JavaProcessLauncher {

    private final String mainClass;     // null when launching an executable jar
    private final Path executableJar;   // null when launching a main class
    private final String classpath;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path logFile;
    private final boolean diesWithThisJvm;

    private JavaProcessLauncher(String mainClass, Path executableJar, String classpath, List<String> jvmArgs,
                                List<String> args, Map<String, String> environment, Path workingDir, Path logFile,
                                boolean diesWithThisJvm) {
        this.mainClass = mainClass;
        this.executableJar = executableJar;
        this.classpath = classpath;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.args = List.copyOf(args);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.logFile = logFile;
        this.diesWithThisJvm = diesWithThisJvm;
    }

    /** Runs {@code mainClass} on this JVM's class path (made absolute, so the working directory may differ). */
    public static JavaProcessLauncher mainClass(String mainClass) {
        Objects.requireNonNull(mainClass, "mainClass");
        return new JavaProcessLauncher(mainClass, null, currentClasspath(), List.of(), List.of(), Map.of(), null, null, true);
    }

    /** Runs {@code java -jar jar}: a self-contained application such as the schema registry. */
    public static JavaProcessLauncher executableJar(Path jar) {
        Objects.requireNonNull(jar, "jar");
        return new JavaProcessLauncher(null, jar.toAbsolutePath(), null, List.of(), List.of(), Map.of(), null, null, true);
    }

    /** Replaces the class path (for {@link #mainClass} launches). */
    public JavaProcessLauncher withClasspath(String newClasspath) {
        return new JavaProcessLauncher(mainClass, executableJar, newClasspath, jvmArgs, args, environment, workingDir, logFile, diesWithThisJvm);
    }

    /** Adds JVM options ({@code -Xmx256m}, {@code -Dkey=value}), placed before the main class. */
    public JavaProcessLauncher withJvmArgs(String... more) {
        return withJvmArgs(Arrays.asList(more));
    }

    public JavaProcessLauncher withJvmArgs(List<String> more) {
        List<String> merged = new ArrayList<>(jvmArgs);
        merged.addAll(more);
        return new JavaProcessLauncher(mainClass, executableJar, classpath, merged, args, environment, workingDir, logFile, diesWithThisJvm);
    }

    /** Adds program arguments, placed after the main class. */
    public JavaProcessLauncher withArgs(String... more) {
        return withArgs(Arrays.asList(more));
    }

    public JavaProcessLauncher withArgs(List<String> more) {
        List<String> merged = new ArrayList<>(args);
        merged.addAll(more);
        return new JavaProcessLauncher(mainClass, executableJar, classpath, jvmArgs, merged, environment, workingDir, logFile, diesWithThisJvm);
    }

    /** Sets an environment variable for the child (on top of this JVM's environment). */
    public JavaProcessLauncher withEnvironment(String name, String value) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.put(name, value);
        return new JavaProcessLauncher(mainClass, executableJar, classpath, jvmArgs, args, merged, workingDir, logFile, diesWithThisJvm);
    }

    /** The child's working directory (default: this JVM's). */
    public JavaProcessLauncher withWorkingDir(Path dir) {
        return new JavaProcessLauncher(mainClass, executableJar, classpath, jvmArgs, args, environment, dir, logFile, diesWithThisJvm);
    }

    /** Where the child's stdout and stderr go, appended (default: a new temporary file). */
    public JavaProcessLauncher withLogFile(Path file) {
        return new JavaProcessLauncher(mainClass, executableJar, classpath, jvmArgs, args, environment, workingDir, file, diesWithThisJvm);
    }

    /**
     * Lets the child outlive this JVM. By default a child exits when this JVM is gone, even after
     * a SIGKILL that skips every shutdown hook (see {@link ParentWatch}).
     */
    public JavaProcessLauncher withoutParentWatch() {
        return new JavaProcessLauncher(mainClass, executableJar, classpath, jvmArgs, args, environment, workingDir, logFile, false);
    }

    /** The full command line, {@code java} first. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        if (diesWithThisJvm) {
            command.add(ParentWatch.jvmOption());
        }
        command.addAll(jvmArgs);
        if (executableJar != null) {
            command.add("-jar");
            command.add(executableJar.toString());
        } else {
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
        }
        command.addAll(args);
        return command;
    }

    /** Starts the child; it is stopped by a shutdown hook if still running when this JVM exits. */
    public LaunchedProcess start() {
        Path log = logFile;
        try {
            if (log == null) {
                log = Files.createTempFile("understudy-child-", ".log");
            } else if (log.toAbsolutePath().getParent() != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
            }
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            builder.environment().putAll(environment);
            long logStart = Files.exists(log) ? Files.size(log) : 0; // earlier runs' output is not this child's
            Process process = builder.start();
            process.getOutputStream().close(); // the child reads an empty stdin
            return LaunchedProcess.track(process, log, logStart, describe());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + describe() + " (" + String.join(" ", command()) + ")", e);
        }
    }

    private String describe() {
        String target = executableJar != null ? executableJar.getFileName().toString() : mainClass;
        return args.isEmpty() ? target : target + " " + String.join(" ", args);
    }

    /** The {@code java} executable of this JVM. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String currentClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Paths.get(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
