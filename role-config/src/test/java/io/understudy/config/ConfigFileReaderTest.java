package io.understudy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void yamlNestsAndFlattensToTheSameKeysAsProperties() throws IOException {
        Path yaml = Files.writeString(dir.resolve("node.yaml"), """
                node.id: a
                heartbeat:
                  interval.ms: 50
                kafka:
                  security.protocol: SASL_SSL
                  sasl:
                    mechanism: SCRAM-SHA-512
                  ssl.enabled.protocols: [TLSv1.3, TLSv1.2]
                """);
        Path properties = Files.writeString(dir.resolve("node.properties"), """
                node.id=a
                heartbeat.interval.ms=50
                kafka.security.protocol=SASL_SSL
                kafka.sasl.mechanism=SCRAM-SHA-512
                kafka.ssl.enabled.protocols=TLSv1.3,TLSv1.2
                """);

        Map<String, String> fromYaml = ConfigFileReader.read(yaml);

        assertEquals(ConfigFileReader.read(properties), fromYaml);
        assertEquals("50", fromYaml.get("heartbeat.interval.ms"));
        assertEquals("TLSv1.3,TLSv1.2", fromYaml.get("kafka.ssl.enabled.protocols"));
    }

    @Test
    void emptyYamlIsNoSettings() throws IOException {
        assertEquals(Map.of(), ConfigFileReader.read(Files.writeString(dir.resolve("empty.yml"), "")));
    }

    @Test
    void badYamlNamesTheFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "node.id: a\n  kafka: [unclosed\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFileReader.read(bad));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "kafka:\n  security.protocol: SSL\nkafka.security.protocol: SASL_SSL\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFileReader.read(twice));
        assertTrue(e.getMessage().contains("kafka.security.protocol twice"), e.getMessage());
    }

    @Test
    void aListOfMappingsOrANullIsRefused() throws IOException {
        Path list = Files.writeString(dir.resolve("list.yaml"), "kafka.ssl.protocols:\n  - a: 1\n");
        Path empty = Files.writeString(dir.resolve("null.yaml"), "node.id:\n");
        assertThrows(IllegalArgumentException.class, () -> ConfigFileReader.read(list));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFileReader.read(empty));
        assertTrue(e.getMessage().contains("node.id has no value"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigFileReader.read(dir.resolve("nope.properties")));
        assertTrue(e.getMessage().contains("nope.properties does not exist"), e.getMessage());
    }
}
