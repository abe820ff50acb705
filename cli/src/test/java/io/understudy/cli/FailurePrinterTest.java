package io.understudy.cli;

import io.understudy.harness.traffic.BridgeUnavailableException;
import io.understudy.stack.StackStartupException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailurePrinterTest {

    @Test
    void anticipatedFailuresKeepTheirMessage() {
        assertEquals("port 1 is taken", FailurePrinter.oneLine(new CommandFailure("port 1 is taken")));
        assertEquals("no registry", FailurePrinter.oneLine(new StackStartupException("no registry", new IOException("x"))));
        // the harness's traffic generator cannot say CommandFailure (the cli depends on it, not the other way round)
        assertEquals("cannot reach the ingress bridge at tcp://127.0.0.1:1 (refused)", FailurePrinter.oneLine(
                new BridgeUnavailableException("cannot reach the ingress bridge at tcp://127.0.0.1:1 (refused)",
                        new IOException("refused"))));
    }

    @Test
    void unexpectedFailuresShowTheirRootCause() {
        assertEquals("unexpected IOException: disk full",
                FailurePrinter.oneLine(new IllegalStateException("wrapper", new UncheckedIOException(new IOException("disk full")))));
        assertEquals("unexpected NullPointerException", FailurePrinter.oneLine(new NullPointerException()));
    }
}
