package io.understudy.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the report says about the machine a run used: numbers are only comparable on the same one. */
public final class MachineFacts {

    private MachineFacts() {
    }

    public static Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("memory", firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\s+", " "));
        facts.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^.*?:\\s*", ""));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        String[] load = read(Path.of("/proc/loadavg")).split(" ");
        facts.put("load average at start (1/5/15 min)", load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "?");
        return facts;
    }

    private static String firstLine(Path file, String prefix) {
        return read(file).lines().filter(line -> line.startsWith(prefix)).findFirst().orElse("?");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
