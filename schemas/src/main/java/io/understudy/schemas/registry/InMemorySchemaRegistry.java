package io.understudy.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A schema registry held in memory, for unit tests ({@code TopologyTestDriver}) and
 * single-process use. It behaves like the Confluent registry where Understudy relies on it: ids
 * are assigned 1, 2, 3... one per distinct schema (the same schema under two subjects has one
 * id); registering an already registered schema answers its id; compatibility is checked with
 * Avro's own {@link SchemaCompatibility} per the subject's level (global default
 * {@link CompatibilityLevel#BACKWARD}); failures carry the same error codes.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final String LOCATION = "in-memory schema registry";

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.contains(schema)) {
            return idsBySchema.get(schema);
        }
        List<String> incompatibilities = incompatibilities(subject, schema);
        if (!incompatibilities.isEmpty()) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for subject '"
                    + subject + "' (" + compatibility(subject) + "): " + String.join("; ", incompatibilities),
                    LOCATION, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, s);
            return next;
        });
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(schema);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found in the " + LOCATION,
                    LOCATION, 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        if (!versions.contains(schema)) {
            throw new SchemaRegistryException("Schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' in the " + LOCATION, LOCATION, 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return idsBySchema.get(schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema id " + id + " not found in the " + LOCATION,
                    LOCATION, 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return incompatibilities(subject, schema).isEmpty();
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelsBySubject.put(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public String location() {
        return LOCATION;
    }

    /** Why the schema may not join the subject's versions; empty when it may. */
    private List<String> incompatibilities(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of());
        CompatibilityLevel level = compatibility(subject);
        if (versions.isEmpty() || level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<Schema> checked = level.transitive() ? versions : List.of(versions.get(versions.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema earlier : checked) {
            if (level.newReadsOld()) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(schema, earlier),
                        "the new schema cannot read data written with version " + (versions.indexOf(earlier) + 1)));
            }
            if (level.oldReadsNew()) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(earlier, schema),
                        "version " + (versions.indexOf(earlier) + 1) + " cannot read data written with the new schema"));
            }
        }
        return problems;
    }

    private static List<String> problems(SchemaPairCompatibility result, String what) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        String details = result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining(", "));
        return List.of(what + ": " + details);
    }
}
