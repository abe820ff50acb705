package io.understudy.functions.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a class on a node's record path must not refer to, read from compiled classes' constant
 * pools ({@link ClassReferences}), for the traffic functions and the node processor alike.
 *
 * <ul>
 *   <li>A clock or a random source: two nodes would answer the same record differently.</li>
 *   <li>A collection whose iteration order is a hash order: {@code HashMap}, {@code HashSet},
 *       {@code ConcurrentHashMap}, the immutable {@code Set.of}/{@code Map.of} family (whose order
 *       changes with every JVM, by design) and the collectors that make them. Iterated, their order
 *       can differ from node to node (identity hash codes, per-JVM salts) and reach an output or a
 *       digest. A constant pool cannot tell iteration from lookup, nor follow a collection handed
 *       to another class, so creating one at all is flagged; a use that only looks up is allowed
 *       by class and reference, with the reason.</li>
 * </ul>
 */
public final class DeterminismRules {

    public static final Set<String> FORBIDDEN_CLASSES = Set.of(
            "java/util/Random", "java/security/SecureRandom", "java/util/concurrent/ThreadLocalRandom",
            "java/util/SplittableRandom", "java/util/random/RandomGenerator", "java/time/Clock");
    public static final Set<String> FORBIDDEN_METHODS = Set.of(
            "java/lang/System.currentTimeMillis", "java/lang/System.nanoTime",
            "java/time/Instant.now", "java/time/LocalDateTime.now", "java/time/LocalDate.now",
            "java/time/ZonedDateTime.now", "java/time/OffsetDateTime.now", "java/time/LocalTime.now",
            "java/lang/Math.random", "java/lang/StrictMath.random", "java/util/UUID.randomUUID");
    public static final Set<String> HASH_ORDERED = Set.of(
            "java/util/HashMap.<init>", "java/util/HashSet.<init>", "java/util/concurrent/ConcurrentHashMap.<init>",
            "java/util/concurrent/ConcurrentHashMap.newKeySet", "java/util/Hashtable.<init>",
            "java/util/Set.of", "java/util/Set.copyOf", "java/util/Map.of", "java/util/Map.copyOf",
            "java/util/Map.ofEntries", "java/util/stream/Collectors.toSet", "java/util/stream/Collectors.toMap",
            "java/util/stream/Collectors.groupingBy", "java/util/stream/Collectors.toUnmodifiableSet",
            "java/util/stream/Collectors.toUnmodifiableMap", "java/util/stream/Collectors.partitioningBy");

    private DeterminismRules() {
    }

    /** Clock and random-source references of one class, as "name: reference". */
    public static List<String> clockOrRandom(String className, ClassReferences references) {
        Set<String> found = new TreeSet<>();
        for (String forbidden : FORBIDDEN_CLASSES) {
            if (references.classes().contains(forbidden)) {
                found.add(className + ": " + forbidden);
            }
        }
        for (String forbidden : FORBIDDEN_METHODS) {
            if (references.methods().contains(forbidden)) {
                found.add(className + ": " + forbidden);
            }
        }
        return List.copyOf(found);
    }

    /** Hash-ordered collections one class creates, as "name: reference". */
    public static List<String> hashOrdered(String className, ClassReferences references) {
        Set<String> found = new TreeSet<>();
        for (String forbidden : HASH_ORDERED) {
            if (references.methods().contains(forbidden)) {
                found.add(className + ": " + forbidden);
            }
        }
        return List.copyOf(found);
    }

    /**
     * Scans every class file under {@code root} whose relative name passes {@code scope}; returns
     * the violations of both rules, but those of classes in {@code allowed} (class name to reason).
     *
     * @param scanned receives the names of the classes scanned
     */
    public static List<String> scan(Path root, Predicate<String> scope, Map<String, String> allowed,
                                    List<String> scanned) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (!scope.test(name)) {
                    continue;
                }
                scanned.add(name);
                ClassReferences references;
                try (InputStream in = Files.newInputStream(file)) {
                    references = ClassReferences.read(in);
                }
                for (String violation : concat(clockOrRandom(name, references), hashOrdered(name, references))) {
                    if (!allowed.containsKey(violation)) {
                        violations.add(violation);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
