package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unannotated renders of published charts of catalogued apps, evaluated with image detection. Fixtures:
 * DetectionTest/<case>.yaml (the chart's workloads and claims; claims name no class, as the charts render them by
 * default) on DetectionTest/default-nfs.yaml or default-block.yaml (the default class NFS or block; the media
 * library always NFS).
 */
class DetectionTest {

    private static final String TEST = "DetectionTest";
    private static final ManifestReader READER = new ManifestReader();
    private static final String NFS = "default-nfs";
    private static final String BLOCK = "default-block";

    private static PolicySettings settings(Detection detection, RollbackJournal rollback) {
        return new PolicySettings(
                Mode.ENFORCE,
                PolicySettings.DEFAULT_EXEMPT,
                UnknownStorage.WARN,
                StoragePatterns.NONE,
                detection,
                rollback,
                Exceptions.WARNINGS);
    }

    private static final PolicySettings DEFAULTS = settings(Detection.IMAGES, RollbackJournal.WARN);

    private static Consumer<Workload> none() {
        return w -> {};
    }

    private static Consumer<Workload> annotate(String key, String value) {
        return w -> {
            Map<String, String> a = w.podMetadata().getAnnotations() == null
                    ? new HashMap<>()
                    : new HashMap<>(w.podMetadata().getAnnotations());
            a.put(key, value);
            w.podMetadata().setAnnotations(a);
        };
    }

    private static Consumer<Workload> env(String name, String value) {
        return w -> {
            List<EnvVar> env = new ArrayList<>(
                    Optional.ofNullable(w.podSpec().getContainers().get(0).getEnv())
                            .orElse(List.of()));
            env.add(new EnvVar(name, value, null));
            w.podSpec().getContainers().get(0).setEnv(env);
        };
    }

    /** The first container's first volume mount moved to {@code path}. */
    private static Consumer<Workload> mountAt(String path) {
        return w -> w.podSpec().getContainers().get(0).getVolumeMounts().get(0).setMountPath(path);
    }

    private static Consumer<Workload> envFromSecret(String name) {
        return w -> {
            List<EnvVar> env = new ArrayList<>(
                    Optional.ofNullable(w.podSpec().getContainers().get(0).getEnv())
                            .orElse(List.of()));
            env.add(new EnvVar(
                    name,
                    null,
                    new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
                            .withNewSecretKeyRef("folder", "n8n-settings", false)
                            .build()));
            w.podSpec().getContainers().get(0).setEnv(env);
        };
    }

    /** The first container takes its variables from the Secret {@code name} as well, as GitOps setups often do. */
    private static Consumer<Workload> envFrom(String name) {
        return w -> w.podSpec()
                .getContainers()
                .get(0)
                .setEnvFrom(List.of(
                        new EnvFromSourceBuilder().withNewSecretRef(name, false).build()));
    }

    /** The first container takes its variables from the ConfigMap {@code name} as well. */
    private static Consumer<Workload> envFromConfigMap(String name) {
        return w -> w.podSpec()
                .getContainers()
                .get(0)
                .setEnvFrom(List.of(new EnvFromSourceBuilder()
                        .withNewConfigMapRef(name, false)
                        .build()));
    }

    static Stream<Arguments> charts() {
        return Stream.of(
                // On NFS: the database volume only, WAL001 in WAL mode, WAL007 in rollback-journal mode.
                Arguments.of(
                        "Grafana (grafana chart) keeps a rollback journal on NFS: WAL007 warns on its storage",
                        "grafana",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL007 warning storage")),
                Arguments.of(
                        "Grafana with rollback-journal=deny: WAL007 is a violation",
                        "grafana",
                        NFS,
                        settings(Detection.IMAGES, RollbackJournal.DENY),
                        none(),
                        List.of("WAL007 violation storage")),
                Arguments.of(
                        "Grafana with GF_DATABASE_WAL=true runs WAL on NFS: WAL001",
                        "grafana",
                        NFS,
                        DEFAULTS,
                        env("GF_DATABASE_WAL", "true"),
                        List.of("WAL001 violation storage")),
                Arguments.of(
                        "Sonarr (app-template) on NFS: WAL001 on config, not on the NFS media library",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation config")),
                Arguments.of(
                        "Radarr (linuxserver image) on NFS: WAL001 on config, not on media subPaths",
                        "radarr-linuxserver",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation config")),
                Arguments.of(
                        "Uptime Kuma (uptime-kuma chart) on NFS: WAL001 on its storage",
                        "uptime-kuma",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation storage")),
                Arguments.of(
                        "Vaultwarden (vaultwarden chart, envFrom its ConfigMap) claim template on NFS: WAL001",
                        "vaultwarden",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation vaultwarden-data")),
                Arguments.of(
                        "Vaultwarden with ENABLE_DB_WAL=false keeps a rollback journal: WAL007",
                        "vaultwarden",
                        NFS,
                        DEFAULTS,
                        env("ENABLE_DB_WAL", "false"),
                        List.of("WAL007 warning vaultwarden-data")),
                // envFrom: a Secret walguard cannot read may switch the app to PostgreSQL.
                Arguments.of(
                        "Sonarr on NFS taking variables from a Secret: WAL001 only warns, the Secret may set "
                                + "Sonarr__Postgres__Host",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        envFrom("sonarr-secret"),
                        List.of("WAL001 warning config")),
                Arguments.of(
                        "Sonarr on NFS with envFrom but Sonarr__Postgres__Host empty in env: env decides, a violation",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        envFrom("sonarr-secret").andThen(env("Sonarr__Postgres__Host", "")),
                        List.of("WAL001 violation config")),
                Arguments.of(
                        "Sonarr on NFS taking variables from a ConfigMap only: still a violation",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        envFromConfigMap("sonarr-settings"),
                        List.of("WAL001 violation config")),
                Arguments.of(
                        "Home Assistant on NFS with envFrom: no variable switches it, still a violation",
                        "home-assistant",
                        NFS,
                        DEFAULTS,
                        envFrom("ha-secret"),
                        List.of("WAL001 violation home-assistant")),
                Arguments.of(
                        "Home Assistant (home-assistant chart) claim template on NFS: WAL001",
                        "home-assistant",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation home-assistant")),
                Arguments.of(
                        "n8n (community chart) on NFS: WAL001 on its data",
                        "n8n",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "n8n with N8N_USER_FOLDER=/data and its claim at /data on NFS: WAL001 on its data",
                        "n8n",
                        NFS,
                        DEFAULTS,
                        env("N8N_USER_FOLDER", "/data").andThen(mountAt("/data")),
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "n8n with its claim at /data but no N8N_USER_FOLDER keeps its database in the container: none",
                        "n8n",
                        NFS,
                        DEFAULTS,
                        mountAt("/data"),
                        List.of()),
                Arguments.of(
                        "n8n with DB_SQLITE_DATABASE=/db/n8n.sqlite off its claim at /home/node/.n8n: none",
                        "n8n",
                        NFS,
                        DEFAULTS,
                        env("DB_SQLITE_DATABASE", "/db/n8n.sqlite"),
                        List.of()),
                Arguments.of(
                        "n8n whose N8N_USER_FOLDER comes from a Secret: every writable volume is in scope",
                        "n8n",
                        NFS,
                        DEFAULTS,
                        envFromSecret("N8N_USER_FOLDER").andThen(mountAt("/srv/anywhere")),
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "Gitea (gitea chart, SQLite) and its init containers on NFS: one WAL007 on data",
                        "gitea",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL007 warning data")),
                // On block storage: nothing, whatever else is on NFS.
                Arguments.of("Grafana on block storage passes", "grafana", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of(
                        "Sonarr on block storage passes though its media library is NFS",
                        "sonarr-app-template",
                        BLOCK,
                        DEFAULTS,
                        none(),
                        List.of()),
                Arguments.of(
                        "Radarr on block storage passes", "radarr-linuxserver", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of("Uptime Kuma on block storage passes", "uptime-kuma", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of("Vaultwarden on block storage passes", "vaultwarden", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of(
                        "Home Assistant on block storage passes", "home-assistant", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of("n8n on block storage passes", "n8n", BLOCK, DEFAULTS, none(), List.of()),
                Arguments.of("Gitea on block storage passes", "gitea", BLOCK, DEFAULTS, none(), List.of()),
                // The shapes of detection.
                Arguments.of(
                        "a read-only sidecar of another image is no party of a detected app: no WAL004, no WAL006",
                        "sonarr-with-exporter-sidecar",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation config")),
                Arguments.of(
                        "marked, the same sidecar is a party: WAL004 and WAL006 as well",
                        "sonarr-with-exporter-sidecar",
                        BLOCK,
                        DEFAULTS,
                        annotate(Marking.SQLITE_WAL, "true"),
                        List.of("WAL004 warning config", "WAL006 warning config")),
                Arguments.of(
                        "a detected app whose database lies on no volume gives no finding, not even WAL005",
                        "sonarr-config-in-container",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of()),
                Arguments.of(
                        "a glob database path (FreshRSS users/*/db.sqlite) is placed by its directory: WAL007 on data",
                        "freshrss",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL007 warning data")),
                Arguments.of(
                        "a plain init container running the app's migrations as root runs before the app: no party",
                        "gitea-migrations-as-root",
                        BLOCK,
                        DEFAULTS,
                        none(),
                        List.of()),
                Arguments.of(
                        "Gitea with WAL turned on in its env on NFS: WAL001, and no WAL002 for the root migration",
                        "gitea-migrations-as-root",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of("WAL001 violation data")),
                // Not detected.
                Arguments.of(
                        "PostgreSQL, MySQL, Redis, MongoDB, nginx and MinIO on NFS are not detected",
                        "other-servers",
                        NFS,
                        DEFAULTS,
                        none(),
                        List.of()),
                Arguments.of(
                        "Sonarr whose env switches it to PostgreSQL is not detected",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        env("SONARR__POSTGRES__HOST", "postgres.apps.svc"),
                        List.of()),
                Arguments.of(
                        "Grafana with GF_DATABASE_TYPE=postgres is not detected",
                        "grafana",
                        NFS,
                        DEFAULTS,
                        env("GF_DATABASE_TYPE", "postgres"),
                        List.of()),
                Arguments.of(
                        "Vaultwarden whose DATABASE_URL names PostgreSQL is not detected",
                        "vaultwarden",
                        NFS,
                        DEFAULTS,
                        env("DATABASE_URL", "postgresql://vaultwarden@db:5432/vaultwarden"),
                        List.of()),
                Arguments.of(
                        "sqlite-wal \"false\" turns detection off for the workload",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        annotate(Marking.SQLITE_WAL, "false"),
                        List.of()),
                Arguments.of(
                        "detect=off turns detection off everywhere",
                        "sonarr-app-template",
                        NFS,
                        settings(Detection.OFF, RollbackJournal.WARN),
                        none(),
                        List.of()),
                // An explicit marking wins: every writable volume is in scope, the media library too.
                Arguments.of(
                        "an explicit sqlite-wal \"true\" wins: the workload is checked as marked",
                        "sonarr-app-template",
                        NFS,
                        DEFAULTS,
                        annotate(Marking.SQLITE_WAL, "true"),
                        List.of("WAL001 violation config", "WAL001 violation media")),
                Arguments.of(
                        "an explicit marking of a rollback-journal app gets WAL001; its root init container is no party",
                        "grafana",
                        NFS,
                        DEFAULTS,
                        annotate(Marking.SQLITE_WAL, "true"),
                        List.of("WAL001 violation storage")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charts")
    void chartRenders(
            String name,
            String caseName,
            String cluster,
            PolicySettings settings,
            Consumer<Workload> tweak,
            List<String> expected) {
        Loaded loaded = load(caseName, cluster);
        WorkloadEvaluator evaluator = new WorkloadEvaluator(settings);
        List<Finding> findings = new ArrayList<>();
        for (Workload w : loaded.workloads()) {
            tweak.accept(w);
            findings.addAll(evaluator.evaluate(w, loaded.view()));
        }
        assertThat(Fixtures.summary(findings)).containsExactlyElementsOf(expected);
    }

    @Test
    void aDetectedFindingSaysHowItWasDetectedAndHowToOptOut() {
        Loaded loaded = load("sonarr-app-template", NFS);
        List<Finding> findings =
                new WorkloadEvaluator(DEFAULTS).evaluate(loaded.workloads().get(0), loaded.view());
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.containers()).containsExactly("app");
        assertThat(f.message())
                .isEqualTo("WAL001 Deployment apps/sonarr container app cannot keep a SQLite WAL database on volume"
                        + " \"config\" (claim sonarr, StorageClass nfs-client, driver"
                        + " cluster.local/nfs-subdir-external-provisioner) because it is a network filesystem: "
                        + f.reason()
                                .substring(
                                        f.reason().indexOf("network filesystem: ") + 20,
                                        f.reason().indexOf(". Its hosts"))
                        + ". Its hosts do not share the memory-mapped, fcntl-locked -shm wal-index, so the database"
                        + " corrupts. (detected: image ghcr.io/home-operations/sonarr keeps /config/sonarr.db and"
                        + " /config/logs.db in SQLite WAL mode; opt out with walguard.dev/sqlite-wal: \"false\" if it"
                        + " keeps no database here, or mark it explicitly with walguard.dev/sqlite-wal: \"true\" and"
                        + " walguard.dev/paths naming its databases.) Fix: Use a ReadWriteOnce claim on a block or"
                        + " local StorageClass. Not SQLite here? Set walguard.dev/sqlite-wal: \"false\".");
        assertThat(f.warning())
                .isEqualTo("WAL001 (detected: Sonarr) Deployment apps/sonarr volume \"config\" (claim sonarr, class"
                        + " nfs-client) is a network filesystem; SQLite WAL corrupts there. Fix: Use a ReadWriteOnce"
                        + " claim on a block or local StorageClass. Not SQLite here? Set walguard.dev/sqlite-wal:"
                        + " \"false\".");
    }

    @Test
    void aFindingSoftenedByEnvFromSaysWhyAndHowToEnforceIt() {
        Loaded loaded = load("sonarr-app-template", NFS);
        Workload w = loaded.workloads().get(0);
        envFrom("sonarr-secret").accept(w);

        Finding f = new WorkloadEvaluator(DEFAULTS).evaluate(w, loaded.view()).get(0);

        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.reason())
                .endsWith("(detected: image ghcr.io/home-operations/sonarr keeps /config/sonarr.db and"
                        + " /config/logs.db in SQLite WAL mode; the Secret its envFrom reads may set Sonarr__Postgres__Host,"
                        + " which would switch Sonarr to another database, and walguard cannot read it, so this is a warning rather"
                        + " than a violation; opt out with walguard.dev/sqlite-wal: \"false\" if it keeps no database"
                        + " here, or mark it explicitly with walguard.dev/sqlite-wal: \"true\" and walguard.dev/paths"
                        + " naming its databases.)");
        assertThat(f.warning())
                .isEqualTo("WAL001 (detected: Sonarr, unless its Secret sets Sonarr__Postgres__Host) Deployment"
                        + " apps/sonarr volume \"config\" (claim sonarr, class nfs-client) is a network filesystem;"
                        + " SQLite WAL corrupts there. Fix: Use a ReadWriteOnce claim on a block or local StorageClass."
                        + " Not SQLite here? Set walguard.dev/sqlite-wal: \"false\". Uses SQLite? Set"
                        + " walguard.dev/sqlite-wal: \"true\" to have this enforced.");
    }

    @Test
    void aRollbackJournalFindingNamesTheModeAndTheLocks() {
        Loaded loaded = load("grafana", NFS);
        List<Finding> findings =
                new WorkloadEvaluator(DEFAULTS).evaluate(loaded.workloads().get(0), loaded.view());
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).containers()).containsExactly("grafana");
        assertThat(findings.get(0).reason())
                .startsWith("Deployment apps/grafana container grafana cannot keep a SQLite database in"
                        + " rollback-journal mode safely on volume \"storage\" (claim grafana, StorageClass"
                        + " nfs-client, driver cluster.local/nfs-subdir-external-provisioner) because it is a"
                        + " network filesystem: ")
                .endsWith(". SQLite's fcntl locks are unreliable over NFS and SMB, so two writers can corrupt the"
                        + " database; sqlite.org advises against network filesystems. (detected: image grafana/grafana"
                        + " keeps /var/lib/grafana/grafana.db in SQLite rollback-journal mode; opt out with"
                        + " walguard.dev/sqlite-wal: \"false\" if it keeps no database here, or mark it explicitly"
                        + " with walguard.dev/sqlite-wal: \"true\" and walguard.dev/paths naming its databases.)");
    }

    @Test
    void envIsReadOnlyForContainersOfCataloguedImages() throws Exception {
        Workload w = Workloads.of(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":["
                                        + "{\"name\":\"web\",\"image\":\"nginx:1.27\",\"env\":[{\"name\":\"A\",\"value\":\"1\"}]},"
                                        + "{\"name\":\"app\",\"image\":\"lscr.io/linuxserver/sonarr:4\","
                                        + "\"env\":[{\"name\":\"Sonarr__Postgres__Host\",\"value\":\"db\"}]}]}}"),
                        "apps")
                .orElseThrow();

        assertThat(w.podSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(w.podSpec().getContainers().get(1).getEnv())
                .extracting(EnvVar::getName)
                .containsExactly("Sonarr__Postgres__Host");
    }

    @Test
    void theCachesKeepOnlyTheEnvDetectionReadsBoundedByTheCatalogue() {
        List<EnvVar> env = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            env.add(new EnvVar("VAR_" + i, "x", null));
        }
        env.add(new EnvVar("sonarr__postgres__host", "p".repeat(100_000), null));
        env.add(new EnvVar(
                "SONARR__POSTGRES__HOST",
                null,
                new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
                        .withNewSecretKeyRef("host", "sonarr-db", false)
                        .build()));

        List<EnvVar> kept = ImageDetection.relevantEnv("ghcr.io/home-operations/sonarr:4", env);

        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).getValue()).hasSize(SqliteApp.MAX_VALUE_MATCHED);
        assertThat(kept.get(1).getValueFrom()).isEqualTo(new io.fabric8.kubernetes.api.model.EnvVarSource());
        assertThat(ImageDetection.relevantEnv("nginx:1.27", env)).isEmpty();
    }

    @Test
    void theCachesKeepThatAContainerTakesASecretOnlyWhereItCanSwitchTheApp() {
        List<EnvFromSource> secret = List.of(new EnvFromSourceBuilder()
                .withNewSecretRef("sonarr-secret", false)
                .build());
        List<EnvFromSource> configMap = List.of(new EnvFromSourceBuilder()
                .withNewConfigMapRef("settings", false)
                .build());

        assertThat(ImageDetection.relevantEnvFrom("ghcr.io/home-operations/sonarr:4", secret))
                .isTrue();
        assertThat(ImageDetection.relevantEnvFrom("ghcr.io/home-operations/sonarr:4", configMap))
                .isFalse();
        assertThat(ImageDetection.relevantEnvFrom("ghcr.io/home-operations/sonarr:4", null))
                .isFalse();
        // Jellyfin has no setting that switches it to another database; nginx is not catalogued.
        assertThat(ImageDetection.relevantEnvFrom("jellyfin/jellyfin:10", secret))
                .isFalse();
        assertThat(ImageDetection.relevantEnvFrom("nginx:1.27", secret)).isFalse();
    }

    private record Loaded(List<Workload> workloads, SnapshotClusterView view) {}

    private static Loaded load(String caseName, String cluster) {
        List<HasMetadata> objects = new ArrayList<>();
        READER.read(Fixtures.dir(TEST).resolve(cluster + ".yaml")).forEach(m -> objects.add(m.object()));
        List<Workload> workloads = new ArrayList<>();
        for (ManifestReader.Manifest m : READER.read(Fixtures.dir(TEST).resolve(caseName + ".yaml"))) {
            Optional<Workload> w = Workloads.of(m.object(), null);
            if (w.isPresent()) {
                workloads.add(w.get());
            } else {
                objects.add(m.object());
            }
        }
        return new Loaded(workloads, new SnapshotClusterView(objects));
    }
}
