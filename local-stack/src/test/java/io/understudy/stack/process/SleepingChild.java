package io.understudy.stack.process;

/** A child JVM for the launcher tests: says it is ready, then waits to be stopped or killed. */
public final class SleepingChild {

    static final String READY = "child ready";
    static final String STOPPING = "child stopping";

    private SleepingChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(STOPPING)));
        System.out.println(READY + " " + String.join(" ", args) + " " + System.getProperty("child.flag"));
        Thread.sleep(Long.MAX_VALUE);
    }
}
