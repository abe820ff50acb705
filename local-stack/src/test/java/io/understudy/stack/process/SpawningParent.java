package io.understudy.stack.process;

import java.nio.file.Path;

/** A child JVM for the launcher tests that starts a {@link SleepingChild} of its own and reports its pid. */
public final class SpawningParent {

    static final String CHILD_PID = "child pid ";

    private SpawningParent() {
    }

    /** {@code args[0]}: the grandchild's log file. */
    public static void main(String[] args) throws InterruptedException {
        LaunchedProcess child = JavaProcessLauncher.mainClass(SleepingChild.class.getName()).withLogFile(Path.of(args[0])).start();
        System.out.println(CHILD_PID + child.pid());
        Thread.sleep(Long.MAX_VALUE);
    }
}
