package io.understudy.stack.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaProcessLauncherTest {

    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void stopSendsSigtermSoShutdownHooksRun(@TempDir Path temp) throws Exception {
        LaunchedProcess child = JavaProcessLauncher.mainClass(SleepingChild.class.getName())
                .withJvmArgs("-Dchild.flag=on")
                .withArgs("a", "b")
                .withLogFile(temp.resolve("child.log"))
                .withWorkingDir(temp)
                .start();
        Optional<String> ready = child.awaitLogLine(line -> line.startsWith(SleepingChild.READY), START);
        assertEquals(Optional.of(SleepingChild.READY + " a b on"), ready);
        assertTrue(child.isAlive());

        assertEquals(128 + 15, child.stop());
        assertTrue(Files.readString(child.logFile()).contains(SleepingChild.STOPPING));
    }

    @Test
    void kill9SendsSigkillSoNothingRuns(@TempDir Path temp) throws Exception {
        LaunchedProcess child = JavaProcessLauncher.mainClass(SleepingChild.class.getName())
                .withLogFile(temp.resolve("child.log"))
                .start();
        assertTrue(child.awaitLogLine(line -> line.startsWith(SleepingChild.READY), START).isPresent());

        assertEquals(128 + 9, child.kill9());
        assertFalse(child.isAlive());
        assertEquals(128 + 9, child.exitCode().orElseThrow());
        assertFalse(Files.readString(child.logFile()).contains(SleepingChild.STOPPING));
    }

    @Test
    void aLineThatNeverComesIsNotFoundOnceTheChildExits(@TempDir Path temp) {
        LaunchedProcess child = JavaProcessLauncher.mainClass("no.such.MainClass")
                .withLogFile(temp.resolve("child.log"))
                .start();
        assertEquals(Optional.empty(), child.awaitLogLine(line -> line.contains("never"), START));
        assertEquals(1, child.exitCode().orElseThrow());
        assertTrue(child.logTail(5).contains("no.such.MainClass"), child.logTail(5));
    }

    @Test
    void aRestartedChildOnlySeesItsOwnLines(@TempDir Path temp) {
        JavaProcessLauncher launcher = JavaProcessLauncher.mainClass(SleepingChild.class.getName()).withLogFile(temp.resolve("child.log"));
        LaunchedProcess first = launcher.withArgs("first").start();
        assertTrue(first.awaitLogLine(line -> line.contains("first"), START).isPresent());
        first.kill9();

        LaunchedProcess second = launcher.withArgs("second").start();
        assertTrue(second.awaitLogLine(line -> line.contains("second"), START).isPresent());
        assertEquals(Optional.empty(), second.awaitLogLine(line -> line.contains("first"), Duration.ofMillis(300)));
        assertFalse(second.logTail(100).contains("first"));
        second.kill9();
    }

    @Test
    void aChildExitsWhenItsParentIsKilled(@TempDir Path temp) {
        LaunchedProcess parent = JavaProcessLauncher.mainClass(SpawningParent.class.getName())
                .withArgs(temp.resolve("grandchild.log").toString())
                .withLogFile(temp.resolve("parent.log"))
                .start();
        String line = parent.awaitLogLine(l -> l.startsWith(SpawningParent.CHILD_PID), START)
                .orElseThrow(() -> new AssertionError("no child started:\n" + parent.logTail(20)));
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(line.substring(SpawningParent.CHILD_PID.length()))).orElseThrow();
        assertTrue(grandchild.isAlive());

        parent.kill9(); // no shutdown hook runs in the parent: only the child's own watch can end it
        assertTrue(grandchild.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null,
                "the grandchild outlived its parent by 30 s");
    }

    @Test
    void theCommandIsThisJvmsJavaWithThisClassPath() {
        List<String> command = JavaProcessLauncher.mainClass("x.Main").withJvmArgs("-Xmx64m").withArgs("run").command();
        assertTrue(command.get(0).endsWith("/bin/java"), command.get(0));
        assertTrue(command.get(1).matches("-javaagent:.*understudy-parent-watch-\\p{XDigit}+\\.jar=" + ProcessHandle.current().pid() + ":\\d+"),
                command.get(1));
        assertEquals(List.of("-Xmx64m", "-cp"), command.subList(2, 4));
        assertEquals(List.of("x.Main", "run"), command.subList(5, 7));

        List<String> unwatched = JavaProcessLauncher.mainClass("x.Main").withoutParentWatch().command();
        assertEquals(List.of("-cp"), unwatched.subList(1, 2));
    }
}
