package io.understudy.node.internals.function;

import io.understudy.records.StaticInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds a node's {@link StaticInfo}: what must match between a leader and a backup for their
 * outputs to be interchangeable.
 */
public final class StaticInfoFactory {

    private StaticInfoFactory() {
    }

    /**
     * @param function           the bound traffic function
     * @param partitionCount     the ingress topic's partition count
     * @param schemaFingerprints record name to schema fingerprint
     */
    public static StaticInfo of(BoundFunction function, int partitionCount,
                                Map<String, String> schemaFingerprints) {
        return StaticInfo.newBuilder()
                .setFunctionName(function.name())
                .setFunctionVersion(function.version())
                .setConfigHash(configHash(function.function().configFingerprint()))
                .setPartitionCount(partitionCount)
                .setSchemaFingerprints(new java.util.TreeMap<>(schemaFingerprints))
                .build();
    }

    /**
     * Hex SHA-256 of the function's own fingerprint of its configuration. Settings are not hashed
     * as they are written: a file path differs between machines that load the same file.
     */
    public static String configHash(String functionFingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(functionFingerprint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Explains how two static informations differ, or returns null when they match. */
    public static String mismatch(StaticInfo mine, StaticInfo theirs) {
        if (!mine.getFunctionName().equals(theirs.getFunctionName())) {
            return "traffic function differs: " + mine.getFunctionName() + " vs " + theirs.getFunctionName();
        }
        if (!mine.getFunctionVersion().equals(theirs.getFunctionVersion())) {
            return "function version differs: " + mine.getFunctionVersion() + " vs " + theirs.getFunctionVersion();
        }
        if (!mine.getConfigHash().equals(theirs.getConfigHash())) {
            return "configuration hash differs: " + abbreviate(mine.getConfigHash()) + " vs " + abbreviate(theirs.getConfigHash());
        }
        if (mine.getPartitionCount() != theirs.getPartitionCount()) {
            return "partition count differs: " + mine.getPartitionCount() + " vs " + theirs.getPartitionCount();
        }
        if (!mine.getSchemaFingerprints().equals(theirs.getSchemaFingerprints())) {
            return "schema fingerprints differ: " + mine.getSchemaFingerprints() + " vs " + theirs.getSchemaFingerprints();
        }
        return null;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
