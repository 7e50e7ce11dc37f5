package dev.walguard.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic synthetic pods shaped like {@code kubectl get pod -o json} output (managedFields, probes, env,
 * resources, projected token volume, full status), about 6 KiB of JSON each.
 *
 * <ul>
 * <li>{@code statefulset}: every pod mounts its own claim ({@code data-<set>-<ordinal>}), so no two pods have the
 * same spec;</li>
 * <li>{@code deployment}: replicas of a Deployment share one claim and one spec;</li>
 * <li>{@code mixed}: one pod in five is a StatefulSet pod with a claim, the others mount none (typical of a cluster
 * where most workloads are stateless).</li>
 * </ul>
 */
final class SyntheticCluster {

    enum Shape {
        STATEFULSET,
        DEPLOYMENT,
        MIXED
    }

    static final int NAMESPACES = 200;
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Shape shape;
    private final int replicas;

    SyntheticCluster(Shape shape, int replicas) {
        this.shape = shape;
        this.replicas = replicas;
    }

    /** One page of a PodList, as the API server sends it for {@code limit} and {@code continue}. */
    String page(int total, int offset, int limit) {
        int end = Math.min(total, offset + limit);
        List<Pod> items = new ArrayList<>(end - offset);
        for (int i = offset; i < end; i++) {
            items.add(pod(i));
        }
        PodList list = new PodList();
        list.setMetadata(new ListMetaBuilder()
                .withResourceVersion("1000")
                .withContinue(end < total ? Integer.toString(end) : null)
                .build());
        list.setItems(items);
        return JSON.asJson(list);
    }

    boolean withClaim(int i) {
        return shape != Shape.MIXED || i % 5 == 0;
    }

    Pod pod(int i) {
        int workload = i / replicas;
        int ordinal = i % replicas;
        String ns = "ns-" + (workload % NAMESPACES);
        boolean stateful = shape == Shape.STATEFULSET || (shape == Shape.MIXED && withClaim(i));
        String hash = Integer.toHexString(0x5f00000 + workload * 31 % 0xfffff);
        String owner = (stateful ? "db-" : "web-") + workload + (stateful ? "" : "-" + hash);
        String name = stateful ? owner + "-" + ordinal : owner + "-" + Integer.toString(36 * 36 * 36 * 36 + i, 36);
        boolean claim = withClaim(i);
        String claimName = shape == Shape.DEPLOYMENT ? "data-" + owner : "data-" + name;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", owner);
        labels.put("app.kubernetes.io/instance", owner + "-prod");
        labels.put("app.kubernetes.io/part-of", "team-" + workload % 50);
        if (stateful) {
            labels.put("controller-revision-hash", owner + "-" + hash);
            labels.put("statefulset.kubernetes.io/pod-name", name);
        } else {
            labels.put("pod-template-hash", hash);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", "9102");
        annotations.put("kubectl.kubernetes.io/restartedAt", "2024-11-05T18:31:02Z");
        if (workload % 3 == 0) {
            annotations.put("walguard.dev/sqlite-wal", "true");
        }
        String image = "registry.example.com/team-" + workload % 50 + "/app:1." + workload % 10 + ".0";
        long uid = 1000 + workload % 5;

        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withGenerateName(owner + "-")
                .withNamespace(ns)
                .withUid(new UUID(0x1234L << 32 | workload, i).toString())
                .withResourceVersion(Integer.toString(100000 + i))
                .withCreationTimestamp("2024-11-05T18:31:02Z")
                .withLabels(labels)
                .withAnnotations(annotations)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind(stateful ? "StatefulSet" : "ReplicaSet")
                .withName(owner)
                .withUid(new UUID(0x5678L << 32 | workload, 0).toString())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .withManagedFields(
                        new ManagedFieldsEntryBuilder()
                                .withManager("kube-controller-manager")
                                .withOperation("Update")
                                .withApiVersion("v1")
                                .withTime("2024-11-05T18:31:02Z")
                                .withFieldsType("FieldsV1")
                                .withFieldsV1(fields(Map.of(
                                        "f:metadata",
                                        Map.of(
                                                "f:labels",
                                                labelFields(labels),
                                                "f:ownerReferences",
                                                Map.of(".", Map.of())),
                                        "f:spec",
                                        Map.of(
                                                "f:containers",
                                                Map.of(
                                                        "k:{\"name\":\"app\"}",
                                                        Map.of(
                                                                ".",
                                                                Map.of(),
                                                                "f:env",
                                                                Map.of(),
                                                                "f:image",
                                                                Map.of(),
                                                                "f:ports",
                                                                Map.of(),
                                                                "f:resources",
                                                                Map.of(),
                                                                "f:volumeMounts",
                                                                Map.of()))))))
                                .build(),
                        new ManagedFieldsEntryBuilder()
                                .withManager("kubelet")
                                .withOperation("Update")
                                .withApiVersion("v1")
                                .withTime("2024-11-05T18:31:09Z")
                                .withFieldsType("FieldsV1")
                                .withSubresource("status")
                                .withFieldsV1(fields(Map.of(
                                        "f:status",
                                        Map.of(
                                                "f:conditions",
                                                Map.of(),
                                                "f:containerStatuses",
                                                Map.of(),
                                                "f:hostIP",
                                                Map.of(),
                                                "f:phase",
                                                Map.of(),
                                                "f:podIP",
                                                Map.of(),
                                                "f:startTime",
                                                Map.of()))))
                                .build())
                .endMetadata();

        b.withNewSpec()
                .withServiceAccountName(owner)
                .withNodeName("worker-" + i % 300)
                .withRestartPolicy("Always")
                .withTerminationGracePeriodSeconds(30L)
                .withDnsPolicy("ClusterFirst")
                .withSchedulerName("default-scheduler")
                .withEnableServiceLinks(true)
                .withPriority(0)
                .withPreemptionPolicy("PreemptLowerPriority")
                .withNewSecurityContext()
                .withRunAsUser(uid)
                .withRunAsGroup(uid)
                .withFsGroup(uid)
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .addNewToleration()
                .withKey("node.kubernetes.io/not-ready")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(300L)
                .endToleration()
                .addNewToleration()
                .withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(300L)
                .endToleration()
                .addToContainers(new ContainerBuilder()
                        .withName("app")
                        .withImage(image)
                        .withImagePullPolicy("IfNotPresent")
                        .withArgs("--config=/etc/app/config.yaml", "--serve")
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(8080)
                        .withProtocol("TCP")
                        .endPort()
                        .addNewPort()
                        .withName("metrics")
                        .withContainerPort(9102)
                        .withProtocol("TCP")
                        .endPort()
                        .addNewEnv()
                        .withName("APP_ENV")
                        .withValue("production")
                        .endEnv()
                        .addNewEnv()
                        .withName("DB_PATH")
                        .withValue("/var/lib/app/app.db")
                        .endEnv()
                        .addNewEnv()
                        .withName("LOG_LEVEL")
                        .withValue("info")
                        .endEnv()
                        .addNewEnv()
                        .withName("POD_NAME")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("POD_NAMESPACE")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.namespace")
                        .endFieldRef()
                        .endValueFrom()
                        .endEnv()
                        .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
                        .withLimits(Map.of("memory", new Quantity("512Mi")))
                        .endResources()
                        .withNewLivenessProbe()
                        .withNewHttpGet()
                        .withPath("/healthz")
                        .withPort(new IntOrString("http"))
                        .withScheme("HTTP")
                        .endHttpGet()
                        .withPeriodSeconds(10)
                        .withTimeoutSeconds(1)
                        .withFailureThreshold(3)
                        .withSuccessThreshold(1)
                        .endLivenessProbe()
                        .withNewReadinessProbe()
                        .withNewHttpGet()
                        .withPath("/ready")
                        .withPort(new IntOrString("http"))
                        .withScheme("HTTP")
                        .endHttpGet()
                        .withPeriodSeconds(5)
                        .withTimeoutSeconds(1)
                        .withFailureThreshold(3)
                        .withSuccessThreshold(1)
                        .endReadinessProbe()
                        .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .endSecurityContext()
                        .addNewVolumeMount()
                        .withName("config")
                        .withMountPath("/etc/app")
                        .withReadOnly(true)
                        .endVolumeMount()
                        .addNewVolumeMount()
                        .withName("kube-api-access")
                        .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                        .withReadOnly(true)
                        .endVolumeMount()
                        .withTerminationMessagePath("/dev/termination-log")
                        .withTerminationMessagePolicy("File")
                        .build())
                .addToContainers(new ContainerBuilder()
                        .withName("exporter")
                        .withImage("registry.example.com/platform/exporter:0.9.1")
                        .withImagePullPolicy("IfNotPresent")
                        .addNewPort()
                        .withName("exporter")
                        .withContainerPort(9100)
                        .withProtocol("TCP")
                        .endPort()
                        .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
                        .endResources()
                        .addNewVolumeMount()
                        .withName("kube-api-access")
                        .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                        .withReadOnly(true)
                        .endVolumeMount()
                        .withTerminationMessagePath("/dev/termination-log")
                        .withTerminationMessagePolicy("File")
                        .build())
                .addToVolumes(new VolumeBuilder()
                        .withName("config")
                        .withNewConfigMap()
                        .withName(owner + "-config")
                        .withDefaultMode(420)
                        .endConfigMap()
                        .build())
                .addToVolumes(new VolumeBuilder()
                        .withName("kube-api-access")
                        .withNewProjected()
                        .withDefaultMode(420)
                        .addNewSource()
                        .withNewServiceAccountToken()
                        .withExpirationSeconds(3607L)
                        .withPath("token")
                        .endServiceAccountToken()
                        .endSource()
                        .addNewSource()
                        .withNewConfigMap()
                        .withName("kube-root-ca.crt")
                        .addNewItem()
                        .withKey("ca.crt")
                        .withPath("ca.crt")
                        .endItem()
                        .endConfigMap()
                        .endSource()
                        .addNewSource()
                        .withNewDownwardAPI()
                        .addNewItem()
                        .withPath("namespace")
                        .withNewFieldRef()
                        .withApiVersion("v1")
                        .withFieldPath("metadata.namespace")
                        .endFieldRef()
                        .endItem()
                        .endDownwardAPI()
                        .endSource()
                        .endProjected()
                        .build())
                .endSpec();
        if (claim) {
            b.editSpec()
                    .addToVolumes(new VolumeBuilder()
                            .withName("data")
                            .withNewPersistentVolumeClaim()
                            .withClaimName(claimName)
                            .endPersistentVolumeClaim()
                            .build())
                    .editFirstContainer()
                    .addNewVolumeMount()
                    .withName("data")
                    .withMountPath("/var/lib/app")
                    .endVolumeMount()
                    .endContainer()
                    .endSpec();
        }
        String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        b.withNewStatus()
                .withPhase("Running")
                .withHostIP("192.168.1." + i % 250)
                .withPodIP(ip)
                .addNewPodIP()
                .withIp(ip)
                .endPodIP()
                .withStartTime("2024-11-05T18:31:03Z")
                .withQosClass("Burstable")
                .addNewCondition()
                .withType("PodReadyToStartContainers")
                .withStatus("True")
                .withLastTransitionTime("2024-11-05T18:31:05Z")
                .endCondition()
                .addNewCondition()
                .withType("Initialized")
                .withStatus("True")
                .withLastTransitionTime("2024-11-05T18:31:03Z")
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime("2024-11-05T18:31:09Z")
                .endCondition()
                .addNewCondition()
                .withType("ContainersReady")
                .withStatus("True")
                .withLastTransitionTime("2024-11-05T18:31:09Z")
                .endCondition()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime("2024-11-05T18:31:02Z")
                .endCondition()
                .addNewContainerStatus()
                .withName("app")
                .withImage(image)
                .withImageID(image + "@sha256:" + "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19")
                .withContainerID(
                        "containerd://" + Long.toHexString(0x9abcdef0L * (i + 1)) + "0f0e0d0c0b0a09080706050403020100")
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2024-11-05T18:31:06Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .addNewContainerStatus()
                .withName("exporter")
                .withImage("registry.example.com/platform/exporter:0.9.1")
                .withImageID("registry.example.com/platform/exporter@sha256:"
                        + "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9")
                .withContainerID(
                        "containerd://" + Long.toHexString(0x12345678L * (i + 7)) + "00112233445566778899aabbccddeeff")
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2024-11-05T18:31:07Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus();
        return b.build();
    }

    private static Map<String, Object> labelFields(Map<String, String> labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(".", Map.of());
        labels.keySet().forEach(k -> out.put("f:" + k, Map.of()));
        return out;
    }

    private static FieldsV1 fields(Map<String, Object> value) {
        FieldsV1 f = new FieldsV1();
        value.forEach(f::setAdditionalProperty);
        return f;
    }

    static String json(Object o) {
        return JSON.asJson(o);
    }

    static <T> T parse(String json, Class<T> type) {
        return JSON.unmarshal(json, type);
    }
}
