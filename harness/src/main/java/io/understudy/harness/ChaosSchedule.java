package io.understudy.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The faults of a chaos run, drawn from a seed before the run starts: which kind, on which role,
 * when, and for how long a freeze lasts. The same seed, count, kinds and spacing give the same
 * schedule, fault for fault, so a run that found something can be run again as it was; what the
 * deployment does in between (who leads, who is synchronized) is not part of the schedule, so a
 * fault aimed at a role is resolved to a process only when it comes (see {@link Target}).
 */
public final class ChaosSchedule {

    /** What a fault does. */
    public enum Kind {
        /** SIGKILL of a node, restarted a moment later (it comes back as a backup, keeping its state). */
        NODE_KILL,
        /** SIGSTOP of a node for {@link Fault#holdMs()}, then SIGCONT. */
        NODE_FREEZE,
        /** SIGKILL of the active selector instance, restarted as the standby. */
        SELECTOR_KILL,
        /** SIGSTOP of the active selector instance for {@link Fault#holdMs()}, then SIGCONT. */
        SELECTOR_FREEZE,
        /** SIGKILL of the ingress bridge, restarted on its port; the endpoints retry. */
        BRIDGE_KILL,
        /** SIGKILL of the broker (a process of its own), restarted on its data. */
        BROKER_RESTART;

        /** The name used on the command line and in the report: {@code node-kill}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * The kind named {@code label}.
         *
         * @throws IllegalArgumentException naming the kinds there are
         */
        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no fault kind '" + label + "' (there are "
                    + Arrays.stream(values()).map(Kind::label).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** Which node a node fault hits, decided when the fault comes. */
    public enum Target {
        /** The node that leads the most partitions. */
        LEADER,
        /** A node that leads the fewest partitions. */
        BACKUP,
        /** Not a node fault. */
        ROLE
    }

    /**
     * One planned fault.
     *
     * @param index  its number in the schedule, from 1
     * @param atMs   when, in ms from the start of the traffic
     * @param kind   what it does
     * @param target for a node fault, which node; {@link Target#ROLE} otherwise
     * @param holdMs how long a freeze holds the process stopped; 0 for the other kinds
     */
    public record Fault(int index, long atMs, Kind kind, Target target, long holdMs) {

        public String describe() {
            return "#" + index + " at " + atMs + " ms: " + kind.label()
                    + (target == Target.ROLE ? "" : " (" + target.name().toLowerCase(Locale.ROOT) + ")")
                    + (holdMs > 0 ? " for " + holdMs + " ms" : "");
        }
    }

    /**
     * How faults are drawn.
     *
     * @param seed      the seed of the draw
     * @param count     how many faults
     * @param kinds     the kinds to draw from, each equally likely
     * @param minGapMs  the least time between two faults (and before the first)
     * @param maxGapMs  the most
     * @param minHoldMs the shortest freeze
     * @param maxHoldMs the longest freeze
     */
    public record Settings(long seed, int count, Set<Kind> kinds, long minGapMs, long maxGapMs, long minHoldMs,
                           long maxHoldMs) {

        public Settings {
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
            if (count < 1) {
                throw new IllegalArgumentException("a chaos run has at least 1 fault, not " + count);
            }
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("no fault kind to draw from");
            }
            if (minGapMs < 0 || maxGapMs < minGapMs) {
                throw new IllegalArgumentException("the gap between faults must be 0 <= min <= max, not " + minGapMs
                        + ".." + maxGapMs + " ms");
            }
            if (minHoldMs < 1 || maxHoldMs < minHoldMs) {
                throw new IllegalArgumentException("a freeze must hold 1 <= min <= max ms, not " + minHoldMs + ".."
                        + maxHoldMs + " ms");
            }
        }
    }

    private ChaosSchedule() {
    }

    /**
     * Draws the schedule. Only the arguments decide it: kinds are taken in their declaration order
     * (not the set's), and the draw is a {@link SplittableRandom} of the seed.
     */
    public static List<Fault> draw(Settings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Kind> kinds = new ArrayList<>(EnumSet.copyOf(settings.kinds())); // declaration order
        List<Fault> faults = new ArrayList<>(settings.count());
        long at = 0;
        for (int i = 1; i <= settings.count(); i++) {
            at += between(random, settings.minGapMs(), settings.maxGapMs());
            Kind kind = kinds.get(random.nextInt(kinds.size()));
            Target target = switch (kind) {
                case NODE_KILL, NODE_FREEZE -> random.nextBoolean() ? Target.LEADER : Target.BACKUP;
                default -> Target.ROLE;
            };
            long hold = kind == Kind.NODE_FREEZE || kind == Kind.SELECTOR_FREEZE
                    ? between(random, settings.minHoldMs(), settings.maxHoldMs()) : 0;
            faults.add(new Fault(i, at, kind, target, hold));
        }
        return List.copyOf(faults);
    }

    private static long between(SplittableRandom random, long min, long max) {
        return min == max ? min : min + random.nextLong(max - min + 1);
    }
}
