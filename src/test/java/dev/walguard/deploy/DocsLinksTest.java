package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link in the repository's Markdown files is a public URL or points at a file inside the repository (and,
 * with {@code #anchor}, at a heading that exists there), so the docs never send a reader somewhere they cannot go.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyLinkStaysInsideTheRepositoryOrIsAPublicUrl() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> files = markdownFiles();
        assertThat(files)
                .extracting(f -> ROOT.relativize(f).toString())
                .contains("README.md", "CONTRIBUTING.md", "docs/rules.md", "charts/walguard/README.md");
        for (Path file : files) {
            for (String link : links(Files.readString(file))) {
                String problem = problem(file, link);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": " + link + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).as("broken or outside links").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsHeadingIds() {
        assertThat(anchors("## 3. Metrics: `/q/metrics`\n## Rules\n## Rules\n```\n## not a heading\n```\n"))
                .containsExactly("3-metrics-qmetrics", "rules", "rules-1");
        assertThat(links("see [a](docs/a.md#x) and `[b](c.md)`\n```\n[d](e.md)\n```\n"))
                .containsExactly("docs/a.md#x");
    }

    private static String problem(Path file, String link) {
        if (link.startsWith("https://") || link.startsWith("http://") || link.startsWith("mailto:")) {
            return null;
        }
        if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "not a public URL";
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        if (path.startsWith("/")) {
            return "absolute path";
        }
        Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!target.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor != null && target.toString().endsWith(".md")) {
            try {
                if (!anchors(Files.readString(target)).contains(anchor)) {
                    return "no such heading";
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            return paths.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String relative = ROOT.relativize(p).toString();
                        // Templates under src/test are rendered into docs/, where their links resolve.
                        return !relative.startsWith("target")
                                && !relative.startsWith(".git")
                                && !relative.startsWith("src/test")
                                && !relative.contains("node_modules");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(withoutCode(markdown));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The ids GitHub gives the headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String id = m.group(2)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(id, 1, Integer::sum) - 1;
            out.add(n == 0 ? id : id + "-" + n);
        }
        return out;
    }

    private static String withoutCode(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                out.append(line.replaceAll("`[^`]*`", "")).append('\n');
            }
        }
        return out.toString();
    }
}
