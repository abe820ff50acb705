package io.understudy.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.understudy.bench.harness.BenchResult;
import java.io.IOException;
import java.nio.file.Path;

/** {@code report.json}: the whole {@link BenchResult}, every number the Markdown report is made of and more. */
public final class JsonReport {

    private JsonReport() {
    }

    public static void write(BenchResult result, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
    }
}
