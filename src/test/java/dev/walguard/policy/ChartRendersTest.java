package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Workloads shaped as published charts render them (k8s-at-home, bjw-s app-template, jellyfin-helm, vaultwarden,
 * Home Assistant, litestream's guide) on a k3s-style homelab: ChartRendersTest/cluster.yaml, plus any objects after
 * the workload in a case file. Each case gives its exact findings and the parts its messages must (and must not) say.
 */
class ChartRendersTest {

    private static final String TEST = "ChartRendersTest";
    private static final String IMPLICIT =
            "is checked because no walguard.dev/volumes or walguard.dev/paths " + "annotation narrows the scope";
    private final WorkloadEvaluator evaluator = new WorkloadEvaluator(PolicySettings.defaults());

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "an init container that chowns the config as root before sonarr starts is no party",
                        "k8s-at-home-sonarr-with-root-init-chown",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "an init-chown container whose image picks the UID is no party either",
                        "k8s-at-home-sonarr-with-init-chown-whose-image-picks-the-uid",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "an init container that prepares the database as another UID locks the app out with WAL002",
                        "init-migration-as-another-uid-locks-the-app-out",
                        List.of("WAL002 violation config"),
                        List.of(
                                "WAL002 Deployment media/sonarr cannot prepare the SQLite WAL database on volume "
                                        + "\"config\" (claim sonarr-config, StorageClass longhorn, driver "
                                        + "driver.longhorn.io) for init container migrate (uid 1001, runs before the "
                                        + "app) and container sonarr (uid 568) because",
                                "\"attempt to write a readonly database\"",
                                "Fix: Name the database volumes in walguard.dev/volumes or walguard.dev/paths, or run "
                                        + "the init container with the app's runAsUser, or give them a common "
                                        + "fsGroup or supplemental group."),
                        List.of("between")),
                Arguments.of(
                        "two apps of an app-template pod and a third controller at their own subPaths of one claim "
                                + "have no findings",
                        "app-template-two-apps-in-one-pod-at-subpaths",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "two apps of an app-template pod sharing a tmp emptyDir as different UIDs violate WAL002 there, "
                                + "and the finding offers the annotations first",
                        "app-template-two-apps-sharing-a-tmp-emptydir-without-naming-the-database-volume",
                        List.of("WAL002 violation tmp"),
                        List.of(
                                "on volume \"tmp\" between container sonarr (uid 568) and container prowlarr (uid "
                                        + "1001) because",
                                "Volume \"tmp\" " + IMPLICIT + ". Fix: Name the database volumes in "
                                        + "walguard.dev/volumes or walguard.dev/paths, or run every container"),
                        List.of("config", "subPath")),
                Arguments.of(
                        "an app-template controller at a subPath is held against a pod on the claim root, naming "
                                + "the subPath",
                        "app-template-controller-beside-a-backup-of-the-whole-claim",
                        List.of("WAL002 violation config"),
                        List.of(
                                "on volume \"config\" (claim arr-config, StorageClass longhorn, driver "
                                        + "driver.longhorn.io) at subPath sonarr between container app (uid 568) and "
                                        + "pod media/arr-backup container restic (uid 2000)",
                                "Volume \"config\" " + IMPLICIT + "."),
                        List.of("radarr")),
                Arguments.of(
                        "a stock Jellyfin with its NFS media library mounted read-only has no findings",
                        "jellyfin-chart-with-nfs-media-mounted-read-only",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "a Jellyfin media library mounted read-write from NFS violates WAL001 and says it is only "
                                + "checked because nothing narrows the scope",
                        "jellyfin-chart-with-nfs-media-mounted-read-write",
                        List.of("WAL001 violation media"),
                        List.of(
                                "on volume \"media\" (claim media-library) because it is a network filesystem",
                                "Volume \"media\" " + IMPLICIT + ". Fix: Name the database volumes in "
                                        + "walguard.dev/volumes or walguard.dev/paths, or use a ReadWriteOnce claim"),
                        List.of()),
                Arguments.of(
                        "a litestream native sidecar whose image picks the UID warns WAL006, and the restore init "
                                + "container is no party",
                        "litestream-native-sidecar-without-runasuser",
                        List.of("WAL006 warning data"),
                        List.of(
                                "StatefulSet home/myapp cannot be shown to open the SQLite WAL database on volume "
                                        + "\"data\" (claim template data, StorageClass local-path, driver "
                                        + "rancher.io/local-path) as one UID because container litestream sets no "
                                        + "runAsUser: container litestream (uid set by image litestream/litestream:"
                                        + "0.3.13) and container myapp (uid 1000).",
                                "Fix: Set runAsUser (and fsGroup) explicitly"),
                        List.of("init-litestream", IMPLICIT)),
                Arguments.of(
                        "a litestream native sidecar under the pod's UID on a claim template of the default class has "
                                + "no findings",
                        "litestream-native-sidecar-sharing-the-pod-uid",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "a Vaultwarden StatefulSet claim template without a class gets the default class and passes",
                        "vaultwarden-statefulset-claim-template-without-a-class",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "a database path under a subPath is not shared with a sidecar that mounts only the backups "
                                + "below it",
                        "home-assistant-database-path-under-a-subpath-beside-its-backups",
                        List.of(),
                        List.of(),
                        List.of()),
                Arguments.of(
                        "a database path under a subPath is shared with a pod on the claim root, named as the file "
                                + "on the volume",
                        "home-assistant-database-path-under-a-subpath-and-a-pod-on-the-claim-root",
                        List.of("WAL002 violation config"),
                        List.of(
                                "on volume \"config\" (claim hass-config, StorageClass longhorn, driver "
                                        + "driver.longhorn.io) at home-assistant/home-assistant_v2.db on the volume "
                                        + "between container home-assistant (uid 1000) and pod home/code-server "
                                        + "container code-server (uid 3000)",
                                "Fix: Run every container that opens the database with the same runAsUser"),
                        List.of(IMPLICIT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findings(
            String description,
            String caseName,
            List<String> expected,
            List<String> messageSays,
            List<String> messageNeverSays) {
        List<Finding> findings =
                evaluator.evaluate(Fixtures.workload(TEST, caseName), Fixtures.cluster(TEST, caseName));

        assertThat(Fixtures.summary(findings)).containsExactlyElementsOf(expected);
        String messages =
                String.join("\n", findings.stream().map(Finding::message).toList());
        messageSays.forEach(part -> assertThat(messages).contains(part));
        messageNeverSays.forEach(part -> assertThat(messages).doesNotContain(part));
    }
}
