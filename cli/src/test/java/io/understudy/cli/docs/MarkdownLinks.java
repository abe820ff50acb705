package io.understudy.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the relative links of a repository's Markdown files that lead nowhere: a file or folder
 * that does not exist, a path that leaves the repository, or a {@code #heading} anchor that no
 * heading of the target file makes (GitHub's rule: lower case, punctuation dropped, spaces to
 * dashes, {@code -1}, {@code -2} for repeats). Links to other sites are not followed.
 *
 * <p>A clone must be readable on its own: the README and docs once sent readers to a file outside
 * the repository.
 */
public final class MarkdownLinks {

    /** {@code [text](target)} and {@code ![alt](target "title")}; the target ends at a space or ')'. */
    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".understudy");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    public MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every Markdown file of the repository, outside build output and run directories. */
    public List<Path> markdownFiles() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per broken link of every Markdown file: "file:line: target: why". */
    public List<String> broken() {
        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles()) {
            problems.addAll(broken(file));
        }
        return problems;
    }

    /** The broken links of one file. */
    public List<String> broken(Path file) {
        List<String> problems = new ArrayList<>();
        List<String> lines = read(file);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = withoutCodeSpans(line);
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                targets.add(reference.group(1));
            }
            for (String target : targets) {
                String why = check(file, target);
                if (why != null) {
                    problems.add(root.relativize(file) + ":" + (i + 1) + ": " + target + ": " + why);
                }
            }
        }
        return problems;
    }

    /** Why the link leads nowhere, or null when it resolves (or points to another site). */
    String check(Path from, String target) {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = from;
        } else {
            if (pathPart.startsWith("/")) {
                return "an absolute path; use a path relative to the file";
            }
            resolved = from.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
            if (!resolved.startsWith(root)) {
                return "leaves the repository";
            }
            if (!Files.exists(resolved)) {
                return "no such file or folder";
            }
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor.toLowerCase(Locale.ROOT))) {
            return "no heading makes the anchor #" + anchor + " in " + root.relativize(resolved);
        }
        return null;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    Set<String> anchorsOf(Path file) {
        return anchors.computeIfAbsent(file, f -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : read(f)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (!fenced && heading.matches()) {
                    String slug = slug(heading.group(1));
                    int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                    found.add(repeat == 0 ? slug : slug + "-" + repeat);
                }
            }
            return found;
        });
    }

    /** GitHub's anchor for a heading's text. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link counts by its text
        StringBuilder slug = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }

    private static String withoutCodeSpans(String line) {
        return line.replaceAll("`[^`]*`", "``");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
