package dev.walguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.walguard.cli.ScanCommandTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and careless input to {@code scan}: every case is an exact exit code and message. */
class ScanHardeningTest {

    private static final Path DIR = Path.of("src/test/resources/dev/walguard/cli/ScanHardeningTest");
    private static final Path TREE = Path.of("src/test/resources/dev/walguard/cli/ScanCommandTest/tree");
    private static final String NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";

    private static Run scan(String stdin, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ScanCommandTest.scan(stdin, args));
    }

    private static String file(String name) {
        return DIR.resolve(name).toString();
    }

    @Test
    void anAliasIsItsAnchorsValueSoItCannotHideAnNfsClass() {
        Run run = scan("", "-f", file("alias-nfs.yaml"), "-o", "json");

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("\"rule\" : \"WAL001\"", "\"storageClass\" : \"files\"");
    }

    @Test
    void aBillionLaughsDocumentExitsWith2Fast() {
        Run run = scan("", "-f", file("billion-laughs.yaml"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: " + file("billion-laughs.yaml") + " document 1 is not valid "
                        + "YAML/JSON: more than 50 aliases to mappings or lists (refused: alias expansion can exhaust "
                        + "memory)\n");
    }

    @Test
    void fewAliasesThatDoubleEachOtherArePastTheObjectSizeLimit() {
        Run run = scan("", "-f", file("doubling.yaml"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .matches("walguard scan: \\Q" + file("doubling.yaml") + "\\E document 1 is not valid "
                        + "YAML/JSON: line \\d+, column \\d+: its aliases expand it past 3 MiB, the API server's limit for "
                        + "one object\n");
    }

    @Test
    void aRecursiveAliasExitsWith2() {
        Run run = scan("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\ndata: &a {x: *a}\n", "-f", "-");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: - document 1 is not valid YAML/JSON: line 4, column 7: an "
                        + "alias refers to a mapping or list that contains it (a recursive alias)\n");
    }

    @Test
    void aSymlinkToADirectoryAndASymlinkedSubdirectoryAreScanned(@TempDir Path tmp) throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("charts"), TREE.toAbsolutePath());
        Path outer = Files.createDirectory(tmp.resolve("outer"));
        Files.createSymbolicLink(outer.resolve("sub"), TREE.toAbsolutePath());

        assertThat(scan("", "-f", link.toString(), "-n", "shop").out()).endsWith("in 2 of 2 workloads\n");
        assertThat(scan("", "-f", outer.toString(), "-n", "shop").out()).endsWith("in 2 of 2 workloads\n");
    }

    @Test
    void aSymlinkLoopExitsWith2(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(dir.resolve("ns.yaml"), NAMESPACE);
        Files.createSymbolicLink(dir.resolve("loop"), dir);

        Run run = scan("", "-f", dir.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: cannot read " + dir + ": the symbolic link " + dir.resolve("loop")
                        + " leads back into a directory that contains it (a filesystem loop)\n");
    }

    @Test
    void aPathWithNoObjectsExitsWith2(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("README.md"), "not a manifest");

        Run run = scan("", "-f", tmp.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("walguard scan: " + tmp + " contains no Kubernetes objects\n");
        assertThat(scan("", "-f", "-").err())
                .isEqualTo("walguard scan: standard input contains no Kubernetes " + "objects\n");
        assertThat(scan("", "-f", file("same-claim.yaml"), "--cluster-state", tmp.toString())
                        .code())
                .isEqualTo(2);
    }

    @Test
    void differentDefinitionsOfOneObjectInTheInputExitWith2NamingBoth() {
        Run run = scan("", "-f", file("dup-a"), "-f", file("dup-b"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: two different definitions of PersistentVolumeClaim shop/data: "
                        + file("dup-a/claim.yaml") + " document 1 and " + file("dup-b/claim.yaml")
                        + " document 2; walguard "
                        + "does not pick one by file order, remove one of them\n");
        assertThat(scan(
                                "",
                                "-f",
                                file("same-claim.yaml"),
                                "--cluster-state",
                                file("dup-a"),
                                "--cluster-state",
                                file("dup-b"))
                        .code())
                .isEqualTo(2);
    }

    @Test
    void identicalCopiesAreAcceptedAndTheInputOverridesTheClusterState() {
        assertThat(scan("", "-f", file("dup-a"), "-f", file("same-claim.yaml")).code())
                .isZero();
        assertThat(scan("", "-f", file("dup-b"), "--cluster-state", file("dup-a"))
                        .code())
                .isZero();
    }

    @Test
    void aDuplicateKeyExitsWith2NamingFileDocumentAndLine(@TempDir Path tmp) throws IOException {
        Run run = scan("", "-f", file("duplicate-key.yaml"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: " + file("duplicate-key.yaml") + " document 2 is not valid "
                        + "YAML/JSON: line 12, column 3: duplicate key \"storageClassName\" (first on line 11); kubectl would "
                        + "silently keep only one of them\n");

        Path json = tmp.resolve("ns.json");
        Files.writeString(json, "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",\n \"kind\": \"Pod\"}");
        assertThat(scan("", "-f", json.toString()).err())
                .isEqualTo("walguard scan: " + json + " document 1 is not "
                        + "valid YAML/JSON: line 2, column 8: duplicate key \"kind\"\n");
    }

    @Test
    void anOversizedValueOrDocumentExitsWith2Fast() {
        String big = "x".repeat(1_500_000);
        Run value = scan(
                NAMESPACE + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {k: " + big + "}\n",
                "-f",
                "-");
        StringBuilder many = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many}\ndata:\n");
        for (int i = 0; i < 200_000; i++) {
            many.append("  key").append(i).append(": value\n");
        }
        Run document = scan(many.toString(), "-f", "-");

        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err())
                .isEqualTo("walguard scan: - document 2 is not valid YAML/JSON: line 8, column 11: a "
                        + "value of 1500000 characters is over the 1 MiB limit for one value\n");
        assertThat(document.code()).isEqualTo(2);
        assertThat(document.err())
                .isEqualTo("walguard scan: - document 1 is not valid YAML/JSON: the document is "
                        + "larger than 3 MiB, the API server's limit for one object\n");
    }

    @Test
    void malformedYamlNamesFileDocumentLineAndColumnInWords() {
        Run run = scan("", "-f", file("malformed.yaml"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: " + file("malformed.yaml") + " document 2 is not valid "
                        + "YAML/JSON: line 9, column 12: mapping values are not allowed here\n");
    }

    @Test
    void aWrongTypeNamesTheLineThePathAndTheExpectedType() {
        Run run = scan("", "-f", file("wrong-type.yaml"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: " + file("wrong-type.yaml") + " document 1 (Deployment web) "
                        + "cannot be read: line 9, column 20, at spec.template.spec.securityContext.runAsUser: expected a "
                        + "whole number, found the string \"nobody\"\n");
    }

    @Test
    void anOutOfMemoryErrorOrAnyOtherFailureExitsWith2NotWith1() {
        assertThat(failingStdin(new OutOfMemoryError("Java heap space")))
                .isEqualTo(new Run(
                        2,
                        "",
                        "walguard scan: out of memory: the input is too large for this heap; "
                                + "raise it with java -Xmx\n"));
        assertThat(failingStdin(new IllegalStateException("java.lang.Object broke")))
                .isEqualTo(new Run(
                        2,
                        "",
                        "walguard scan: internal error while scanning; please report it with the "
                                + "input that caused it\n"));
    }

    private static Run failingStdin(Throwable failure) {
        InputStream in = new InputStream() {
            @Override
            public int read() {
                throw sneaky(failure);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw sneaky(failure);
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScanCommand.run(
                new String[] {"-f", "-"},
                in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }
}
