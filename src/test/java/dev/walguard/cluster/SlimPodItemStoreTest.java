package dev.walguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlimPodItemStoreTest {

    private static final String UID = "0b9f7c1e-4a53-4f7e-9d0a-2c1f5e6b7a81";

    private static Pod fullPod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName(name)
                .withUid(UID)
                .withResourceVersion("123456")
                .withLabels(Map.of("app", "db", "pod-template-hash", "5d8f7", "tier", "backend"))
                .withAnnotations(Map.of(
                        "walguard.dev/sqlite-wal",
                        "true",
                        "walguard.dev/paths",
                        "/data/app.db",
                        "prometheus.io/scrape",
                        "true",
                        "kubectl.kubernetes.io/restartedAt",
                        "2024-01-01T00:00:00Z"))
                .withOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("ReplicaSet")
                                .withName("db-5d8f7")
                                .withUid("11111111-2222-3333-4444-555555555555")
                                .withController(true)
                                .build(),
                        new OwnerReferenceBuilder()
                                .withApiVersion("v1")
                                .withKind("ConfigMap")
                                .withName("other")
                                .withUid("x")
                                .build())
                .addNewManagedField()
                .withManager("kubelet")
                .withOperation("Update")
                .endManagedField()
                .endMetadata()
                .withNewSpec()
                .withNodeName("worker-1")
                .withServiceAccountName("db")
                .withNewSecurityContext()
                .withRunAsUser(1000L)
                .withRunAsGroup(1000L)
                .withFsGroup(2000L)
                .withSupplementalGroups(3000L)
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .addNewInitContainer()
                .withName("init")
                .withImage("busybox:1")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .endInitContainer()
                .addNewInitContainer()
                .withName("litestream")
                .withImage("litestream/litestream:0.3")
                .withRestartPolicy("Always")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .withSubPathExpr("$(POD_NAME)/db")
                .endVolumeMount()
                .endInitContainer()
                .addNewContainer()
                .withName("app")
                .withImage("example.org/app:1")
                .withArgs("--serve")
                .addNewEnv()
                .withName("A")
                .withValue("b")
                .endEnv()
                .withNewSecurityContext()
                .withRunAsUser(1001L)
                .withRunAsGroup(1002L)
                .withPrivileged(false)
                .endSecurityContext()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .withReadOnly(true)
                .withSubPath("app/db")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/etc/app")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("kube-api-access")
                .withMountPath("/var/run/secrets")
                .endVolumeMount()
                .endContainer()
                .addNewEphemeralContainer()
                .withName("debug")
                .withImage("busybox:1")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/d")
                .endVolumeMount()
                .endEphemeralContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName("db-data")
                .endPersistentVolumeClaim()
                .endVolume()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("db-config")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("kube-api-access")
                .withNewProjected()
                .endProjected()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("10.0.0.1")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    @Test
    void aSubPathPastTheBoundIsCutAtASlashToAnAncestorThatOverlapsAtLeastAsMuch() {
        String segment = "s".repeat(100);
        String deep = String.join("/", java.util.Collections.nCopies(20, segment)); // 2,019 characters
        String oneHugeSegment = "x".repeat(5000);

        assertThat(SlimTemplate.SlimMount.bounded("sonarr")).isEqualTo("sonarr");
        assertThat(SlimTemplate.SlimMount.bounded("")).isNull();
        assertThat(SlimTemplate.SlimMount.bounded(deep))
                .isEqualTo(String.join("/", java.util.Collections.nCopies(10, segment)));
        assertThat(SlimTemplate.SlimMount.bounded(oneHugeSegment)).isNull();
    }

    @Test
    void keepsOnlyWhatTheRulesRead() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        Pod full = fullPod("db-5d8f7-abcde");
        assertThat(store.put(store.getKey(full), full)).isNull();

        Pod slim = store.get("apps/db-5d8f7-abcde");
        assertThat(slim.getMetadata().getName()).isEqualTo("db-5d8f7-abcde");
        assertThat(slim.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(slim.getMetadata().getUid()).isEqualTo(UID);
        assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("123456");
        assertThat(slim.getMetadata().getAnnotations())
                .containsOnly(
                        Map.entry("walguard.dev/sqlite-wal", "true"), Map.entry("walguard.dev/paths", "/data/app.db"));
        assertThat(slim.getMetadata().getLabels()).containsOnly(Map.entry("pod-template-hash", "5d8f7"));
        assertThat(slim.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("ReplicaSet");
            assertThat(r.getName()).isEqualTo("db-5d8f7");
            assertThat(r.getController()).isTrue();
        });
        assertThat(slim.getMetadata().getManagedFields()).isNullOrEmpty();

        // The node it is bound to: node observations are looked up by it.
        assertThat(slim.getSpec().getNodeName()).isEqualTo("worker-1");
        assertThat(slim.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(slim.getSpec().getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
        assertThat(slim.getSpec().getSecurityContext().getFsGroup()).isEqualTo(2000L);
        assertThat(slim.getSpec().getSecurityContext().getSupplementalGroups()).containsExactly(3000L);
        assertThat(slim.getSpec().getSecurityContext().getRunAsNonRoot()).isNull();

        Container app = slim.getSpec().getContainers().get(0);
        assertThat(app.getName()).isEqualTo("app");
        assertThat(app.getImage()).isEqualTo("example.org/app:1");
        assertThat(app.getArgs()).isNullOrEmpty();
        assertThat(app.getEnv()).isNullOrEmpty();
        assertThat(app.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(app.getSecurityContext().getRunAsGroup()).isEqualTo(1002L);
        assertThat(app.getSecurityContext().getPrivileged()).isNull();
        assertThat(app.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("data");
            assertThat(m.getMountPath()).isEqualTo("/data");
            assertThat(m.getReadOnly()).isTrue();
            assertThat(m.getSubPath()).isEqualTo("app/db");
            assertThat(m.getSubPathExpr()).isNull();
        });
        assertThat(slim.getSpec().getInitContainers()).hasSize(2);
        assertThat(slim.getSpec().getInitContainers().get(0)).satisfies(c -> {
            assertThat(c.getRestartPolicy()).isNull();
            assertThat(c.getVolumeMounts())
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSubPath()).isNull());
        });
        assertThat(slim.getSpec().getInitContainers().get(1)).satisfies(c -> {
            assertThat(c.getRestartPolicy()).isEqualTo("Always");
            assertThat(c.getVolumeMounts())
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAME)/db"));
        });
        assertThat(slim.getSpec().getEphemeralContainers())
                .singleElement()
                .satisfies(c ->
                        assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/d"));
        assertThat(slim.getSpec().getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("db-data");
        });
        assertThat(slim.getStatus().getPhase()).isEqualTo("Running");
        assertThat(slim.getStatus().getPodIP()).isNull();
        assertThat(slim.getStatus().getConditions()).isNullOrEmpty();

        assertThat(store.podsMountingClaim("apps", "db-data"))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("db-5d8f7-abcde");
        assertThat(store.podsMountingClaim("apps", "db-config")).isEmpty();
        assertThat(store.podsMountingClaim("other", "db-data")).isEmpty();
    }

    @Test
    void aCataloguedContainerKeepsOnlyThatItTakesAWholeSecret() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        Pod full = fullPod("sonarr-5d8f7-abcde");
        Container app = full.getSpec().getContainers().get(0);
        app.setImage("ghcr.io/home-operations/sonarr:4.0.14");
        app.setEnvFrom(List.of(
                new EnvFromSourceBuilder()
                        .withNewConfigMapRef("settings", false)
                        .build(),
                new EnvFromSourceBuilder()
                        .withNewSecretRef("sonarr-secret", false)
                        .build()));
        Pod other = fullPod("web-5d8f7-abcde");
        other.getSpec().getContainers().get(0).setEnvFrom(app.getEnvFrom());
        store.put(store.getKey(full), full);
        store.put(store.getKey(other), other);

        // Which Secret is not kept: only that there is one, as detection reads no more.
        assertThat(store.get("apps/sonarr-5d8f7-abcde")
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnvFrom())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getSecretRef()).isNotNull();
                    assertThat(e.getSecretRef().getName()).isNull();
                    assertThat(e.getConfigMapRef()).isNull();
                });
        // Not a catalogued image: nothing of its envFrom matters.
        assertThat(store.get("apps/web-5d8f7-abcde")
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnvFrom())
                .isNullOrEmpty();
    }

    @Test
    void theClaimIndexFollowsAddsUpdatesAndDeletes() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        for (String name : List.of("a", "b", "c")) {
            store.put("apps/" + name, fullPod(name));
        }
        assertThat(store.podsMountingClaim("apps", "db-data"))
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("a", "b", "c");
        Pod b = fullPod("b");
        b.getStatus().setPhase("Failed");
        store.put("apps/b", b);
        assertThat(store.podsMountingClaim("apps", "db-data")).hasSize(3);
        store.remove("apps/a");
        store.remove("apps/c");
        assertThat(store.podsMountingClaim("apps", "db-data"))
                .singleElement()
                .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
        store.remove("apps/b");
        assertThat(store.podsMountingClaim("apps", "db-data")).isEmpty();
        assertThat(store.indexedClaims()).isZero();
        assertThat(store.size()).isZero();
    }

    @Test
    void podsWithoutClaimsAreNotKept() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        Pod plain = new PodBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
        assertThat(store.put("apps/web", plain)).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.get("apps/web")).isNull();
        assertThat(store.isFullState()).isFalse();
    }

    @Test
    void replicasShareTheirReducedSpecAndUpdatesReturnTheOldPod() {
        WeakInterner interner = new WeakInterner();
        SlimPodItemStore store = new SlimPodItemStore(interner);
        Pod a = fullPod("db-a");
        Pod b = fullPod("db-b");
        store.put("apps/db-a", a);
        store.put("apps/db-b", b);
        int canonical = interner.size();
        for (int i = 0; i < 50; i++) {
            Pod p = fullPod("db-" + i);
            store.put("apps/db-" + i, p);
        }
        assertThat(interner.size()).isEqualTo(canonical);

        Pod changed = fullPod("db-a");
        changed.getMetadata().setResourceVersion("123457");
        changed.getStatus().setPhase("Succeeded");
        Pod old = store.put("apps/db-a", changed);
        assertThat(old.getStatus().getPhase()).isEqualTo("Running");
        assertThat(store.get("apps/db-a").getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(store.get("apps/db-a").getMetadata().getResourceVersion()).isEqualTo("123457");
        assertThat(store.remove("apps/db-a").getMetadata().getName()).isEqualTo("db-a");
        assertThat(store.get("apps/db-a")).isNull();
    }

    @Test
    void unusualUidsAndResourceVersionsSurvive() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        Pod p = fullPod("odd");
        p.getMetadata().setUid("not-a-uuid");
        p.getMetadata().setResourceVersion("abc/007");
        store.put("apps/odd", p);
        assertThat(store.get("apps/odd").getMetadata().getUid()).isEqualTo("not-a-uuid");
        assertThat(store.get("apps/odd").getMetadata().getResourceVersion()).isEqualTo("abc/007");
        p.getMetadata().setUid(null);
        p.getMetadata().setResourceVersion("0042");
        store.put("apps/odd", p);
        assertThat(store.get("apps/odd").getMetadata().getUid()).isNull();
        assertThat(store.get("apps/odd").getMetadata().getResourceVersion()).isEqualTo("0042");
    }

    @Test
    void replicaSetsKeepOnlyTheirControllerOwner() {
        OwnerOnlyItemStore<ReplicaSet> store = new OwnerOnlyItemStore<>(ReplicaSet::new, new WeakInterner(), null);
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("db-5d8f7")
                .withUid(UID)
                .withLabels(Map.of("app", "db"))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName("db")
                        .withUid("u")
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .build();
        store.put("apps/db-5d8f7", rs);
        assertThat(store.controllerOf("apps/db-5d8f7")).hasValueSatisfying(r -> {
            assertThat(r.getKind()).isEqualTo("Deployment");
            assertThat(r.getName()).isEqualTo("db");
        });
        assertThat(store.controllerOf("apps/nope")).isEmpty();
        ReplicaSet back = store.get("apps/db-5d8f7");
        assertThat(back.getKind()).isEqualTo("ReplicaSet");
        assertThat(back.getMetadata().getUid()).isEqualTo(UID);
        assertThat(back.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(back.getSpec()).isNull();
        assertThat(back.getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(List.of(store.keySet().toArray())).containsExactly("apps/db-5d8f7");
    }
}
