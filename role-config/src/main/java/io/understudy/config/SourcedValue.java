package io.understudy.config;

/**
 * One setting's value and where it came from.
 *
 * @param value  as given (a string from files, the environment and {@code --set}; typed from defaults and flags)
 * @param source e.g. {@code default}, {@code file node.yaml}, {@code env UNDERSTUDY_KAFKA_SECURITY_PROTOCOL},
 *               {@code --set}, {@code --bootstrap-servers}
 */
public record SourcedValue(Object value, String source) {
}
