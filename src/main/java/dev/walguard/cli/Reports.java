package dev.walguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.policy.Finding;
import dev.walguard.policy.RuleExceptions;
import dev.walguard.policy.RuleId;
import dev.walguard.policy.Severity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The three output formats of {@code scan}: text for CI logs, JSON for scripts, SARIF for code-scanning UIs. */
final class Reports {

    private static final String IGNORED = " Ignored (" + RuleExceptions.IGNORE + "): ";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** One line per finding, grouped by workload, then a summary line. */
    static void text(ScanResult result, PrintStream out) {
        Map<String, List<ScannedFinding>> byWorkload = new LinkedHashMap<>();
        for (ScannedFinding f : result.findings()) {
            byWorkload
                    .computeIfAbsent(
                            f.workload().display() + " (" + f.file() + ":" + f.line() + ")"
                                    + (f.detected() == null ? "" : " detected: " + f.detected()),
                            k -> new java.util.ArrayList<>())
                    .add(f);
        }
        byWorkload.forEach((workload, findings) -> {
            out.println(workload);
            for (ScannedFinding s : findings) {
                Finding f = s.finding();
                out.println("  " + f.rule() + " " + f.severity().label() + (f.isIgnored() ? " (ignored)" : "") + ": "
                        + f.reason() + " Fix: " + f.fix() + (f.isIgnored() ? IGNORED + f.ignoreReason() : ""));
            }
        });
        out.println(summary(result));
    }

    static String summary(ScanResult result) {
        long violations = result.count(Severity.VIOLATION);
        long warnings = result.count(Severity.WARNING);
        long affected = result.findings().stream()
                .map(f -> f.workload().display())
                .distinct()
                .count();
        long ignored = result.ignored();
        return "walguard: " + violations + (violations == 1 ? " violation, " : " violations, ") + warnings
                + (warnings == 1 ? " warning" : " warnings") + (ignored == 0 ? "" : ", " + ignored + " ignored")
                + " in " + affected + " of " + result.workloads()
                + (result.workloads() == 1 ? " workload" : " workloads");
    }

    /** A stable, machine-readable list of findings. */
    static void json(ScanResult result, PrintStream out) throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("findings");
        for (ScannedFinding s : result.findings()) {
            Finding f = s.finding();
            ObjectNode n = list.addObject();
            n.put("rule", f.rule().name());
            n.put("ruleName", f.rule().ruleName());
            n.put("severity", f.severity().label());
            ObjectNode w = n.putObject("workload");
            w.put("kind", s.workload().kind());
            w.put("namespace", s.workload().namespace());
            w.put("name", s.workload().name());
            n.put("detected", s.detected());
            n.put("volume", f.volume());
            n.put("claim", f.claim());
            n.put("storageClass", f.storageClass());
            n.put("driver", f.driver());
            ArrayNode containers = n.putArray("containers");
            f.containers().forEach(containers::add);
            n.put("message", f.message());
            n.put("reason", f.reason());
            n.put("fix", f.fix());
            n.put("ignoreReason", f.ignoreReason());
            ObjectNode source = n.putObject("source");
            source.put("file", s.file());
            source.put("document", s.document());
            source.put("line", s.line());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("workloads", result.workloads());
        summary.put("violations", result.count(Severity.VIOLATION));
        summary.put("warnings", result.count(Severity.WARNING));
        summary.put("ignored", result.ignored());
        out.println(JSON.writeValueAsString(root));
    }

    /** SARIF 2.1.0, so GitHub code scanning and similar UIs show findings on the manifest line. */
    static void sarif(ScanResult result, PrintStream out, String version) throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "walguard");
        driver.put("version", version);
        driver.put("informationUri", "https://github.com/walguard/walguard");
        ArrayNode rules = driver.putArray("rules");
        for (RuleId rule : RuleId.values()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.name());
            r.put("name", rule.ruleName());
            r.putObject("shortDescription").put("text", rule.description());
        }
        ArrayNode results = run.putArray("results");
        for (ScannedFinding s : result.findings()) {
            ObjectNode r = results.addObject();
            r.put("ruleId", s.finding().rule().name());
            r.put("ruleIndex", s.finding().rule().ordinal());
            r.put("level", s.finding().severity() == Severity.VIOLATION ? "error" : "warning");
            r.putObject("message").put("text", s.finding().message());
            if (s.detected() != null) {
                r.putObject("properties").put("detected", s.detected());
            }
            ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
            location.putObject("artifactLocation").put("uri", uri(s.file()));
            location.putObject("region").put("startLine", s.line());
            if (s.finding().isIgnored()) {
                // SARIF's own word for an accepted finding: code-scanning UIs list it as suppressed.
                ObjectNode suppression = r.putArray("suppressions").addObject();
                suppression.put("kind", "inSource");
                suppression.put("justification", s.finding().ignoreReason());
            }
        }
        out.println(JSON.writeValueAsString(root));
    }

    /** Relative to the working directory where possible, with forward slashes, as SARIF viewers expect. */
    private static String uri(String file) {
        if ("-".equals(file)) {
            return "stdin";
        }
        Path p = Path.of(file);
        Path cwd = Path.of("").toAbsolutePath();
        if (p.isAbsolute() && p.startsWith(cwd)) {
            p = cwd.relativize(p);
        }
        return p.toString().replace('\\', '/');
    }
}
