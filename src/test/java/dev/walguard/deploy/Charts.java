package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders charts/walguard with the Helm that helm-java bundles; no helm binary and no cluster needed. */
final class Charts {

    static final Path CHART = Path.of("charts/walguard");
    static final Path CI = CHART.resolve("ci");
    static final Path DEPLOY = Path.of("deploy");
    static final String RELEASE = "walguard";
    static final String NAMESPACE = "walguard";
    /** Helm's offline default is v1.20, below the chart's kubeVersion; render as a supported cluster would. */
    static final String KUBE_VERSION = "1.31.0";

    private Charts() {}

    /** {@code helm template walguard charts/walguard -n walguard -f <values>... --set k=v...}. */
    static String template(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand template = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values.toAbsolutePath());
        }
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return template.call();
    }

    static Manifests render(Path... valuesFiles) {
        return Manifests.parse(template(CHART, List.of(valuesFiles), Map.of()));
    }

    /** The NOTES a client-only {@code helm install --dry-run} prints. */
    static String notes(Map<String, Object> set, Path... valuesFiles) {
        return notesOf(CHART, set, valuesFiles);
    }

    /** The NOTES of {@code chart} (e.g. a modified copy), as {@link #notes}. */
    static String notesOf(Path chart, Map<String, Object> set, Path... valuesFiles) {
        InstallCommand install = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .clientOnly()
                .withDryRunOption(DryRun.CLIENT);
        for (Path values : valuesFiles) {
            install = install.withValuesFile(values.toAbsolutePath());
        }
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            install = install.set(entry.getKey(), entry.getValue());
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:\n");
        assertThat(notes).as("NOTES in %s", output).isNotNegative();
        return output.substring(notes + "NOTES:\n".length());
    }

    /**
     * {@code helm template} against {@code server}. helm-java's template reaches for a cluster when the chart calls
     * {@code lookup}, and the bundled Helm reads its kubeconfig from the environment only, so this runs Helm in a
     * child JVM whose KUBECONFIG and HOME point at the fake API server and a scratch directory.
     */
    static String templateAgainst(FakeApiServer server, Path... valuesFiles) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("walguard-helm");
            Path kubeconfig = Files.writeString(scratch.resolve("kubeconfig"), server.kubeconfig());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    HelmTemplateMain.class.getName(),
                    CHART.toAbsolutePath().toString()));
            Stream.of(valuesFiles).map(p -> p.toAbsolutePath().toString()).forEach(command::add);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(scratch.resolve("out.yaml").toFile())
                    .redirectError(scratch.resolve("err.txt").toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().put("HOME", scratch.toString());
            Process process = builder.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("helm template finished")
                    .isTrue();
            String err = Files.readString(scratch.resolve("err.txt"), StandardCharsets.UTF_8);
            assertThat(process.exitValue())
                    .as("helm template exit code; stderr:%n%s", err)
                    .isZero();
            return Files.readString(scratch.resolve("out.yaml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteRecursively(scratch);
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entry point of the child JVM: args are the chart and values files; prints the rendered manifests. */
    public static final class HelmTemplateMain {
        public static void main(String[] args) {
            List<Path> values = Stream.of(args).skip(1).map(Path::of).toList();
            System.out.print(template(Path.of(args[0]), values, Map.of()));
        }
    }
}
