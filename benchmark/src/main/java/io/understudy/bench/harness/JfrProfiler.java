package io.understudy.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records a JFR profile of every process of a system from its start to the end of the saturation
 * phase, so that the report can say where each role spends its CPU at saturation (the summary keeps
 * that phase's samples). Recording starts before the warm-up: starting JFR stalls a busy JVM for
 * seconds, which a measured phase must not see. The harness JVM (the broker, the load
 * generator, the egress reader) records through the JFR API, the system's own JVMs through {@code
 * jcmd}, which needs no option on their command lines: the same for every system. JFR's {@code
 * profile} settings sample each running thread every 10 ms (a few percent of overhead, the same
 * for every system).
 */
final class JfrProfiler implements AutoCloseable {

    private static final String RECORDING = "understudy-bench";

    private final Path dir;
    private final String systemKey;
    private final Map<String, Long> children;
    private final PrintStream progress;
    private final Recording own;
    private final String ownName;
    private boolean stopped;

    private JfrProfiler(Path dir, String systemKey, Map<String, Long> children, PrintStream progress, Recording own,
                        String ownName) {
        this.dir = dir;
        this.systemKey = systemKey;
        this.children = children;
        this.progress = progress;
        this.own = own;
        this.ownName = ownName;
    }

    /**
     * Starts recording in this JVM (named {@code harnessName}) and in each child process.
     *
     * @param children process name to pid, the system's own JVMs
     */
    static JfrProfiler start(Path dir, String systemKey, String harnessName, Map<String, Long> children,
                             PrintStream progress) {
        Recording own = null;
        try {
            own = new Recording(Configuration.getConfiguration("profile"));
            own.setName(RECORDING);
            own.start();
        } catch (IOException | ParseException | RuntimeException e) {
            progress.printf("   ! no JFR profile of the harness: %s%n", e.getMessage());
        }
        Map<String, Long> started = new LinkedHashMap<>();
        Map<String, Process> commands = new LinkedHashMap<>();
        children.forEach((name, pid) -> commands.put(name, jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile")));
        commands.forEach((name, command) -> {
            if (finished(command)) {
                started.put(name, children.get(name));
            } else {
                progress.printf("   ! no JFR profile of %s: jcmd JFR.start failed%n", name);
            }
        });
        return new JfrProfiler(dir, systemKey, started, progress, own, harnessName);
    }

    /** Stops every recording and writes each into {@code profile-<system>-<process>.jfr}; returns process name to file. */
    Map<String, Path> stop() {
        stopped = true;
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Process> commands = new LinkedHashMap<>();
        children.forEach((name, pid) -> {
            Path file = file(name);
            files.put(name, file);
            commands.put(name, jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file));
        });
        if (own != null) {
            Path file = file(ownName);
            try {
                own.stop();
                own.dump(file);
                files.put(ownName, file);
            } catch (IOException | RuntimeException e) {
                progress.printf("   ! JFR profile of the harness not written: %s%n", e.getMessage());
            } finally {
                own.close();
            }
        }
        commands.forEach((name, command) -> {
            if (!finished(command) || !Files.isRegularFile(files.get(name))) {
                progress.printf("   ! JFR profile of %s not written%n", name);
                files.remove(name);
            }
        });
        return files;
    }

    /** Ends this JVM's recording if {@link #stop()} never ran (a run that failed); the children's die with them. */
    @Override
    public void close() {
        if (!stopped && own != null) {
            stopped = true;
            own.close();
        }
    }

    /** The file name of a process's profile: {@code profile-<system>-<process>.jfr}, the process name made file-safe. */
    Path file(String process) {
        return dir.resolve("profile-" + systemKey + "-" + fileSafe(process) + ".jfr");
    }

    static String fileSafe(String process) {
        String safe = process.replaceAll("\\(.*\\)", "").trim().replaceAll("[^A-Za-z0-9._-]+", "-");
        return safe.replaceAll("-+$", "");
    }

    private static Process jcmd(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>();
        line.add(jcmd.toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean finished(Process command) {
        if (command == null) {
            return false;
        }
        try {
            if (!command.waitFor(60, TimeUnit.SECONDS)) {
                command.destroyForcibly();
                return false;
            }
            return command.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
