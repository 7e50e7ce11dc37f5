package dev.walguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/**
 * AdmissionReviews crafted to stress one dimension of the policy each, at a size that grows linearly with
 * {@code n}: every count in a review is proportional to {@code n} (or to its square root where two counts
 * multiply into the size). They run against the example cluster ({@code examples/cluster}), whose claim
 * {@code media/sonarr-config} is NFS and {@code apps/shared-db} has marked pods of other workloads.
 */
public final class CraftedReviews {

    /** What the API server accepts for one request body. */
    public static final int MAX_BYTES = 3 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Each crafted review by name, as a builder of its body for a given n. */
    public static final Map<String, IntFunction<byte[]>> ALL = all();

    private CraftedReviews() {}

    private static Map<String, IntFunction<byte[]>> all() {
        Map<String, IntFunction<byte[]>> all = new LinkedHashMap<>();
        all.put("trailing-slashes", CraftedReviews::trailingSlashes);
        all.put("dot-segments", CraftedReviews::dotSegments);
        all.put("paths-on-no-volume", CraftedReviews::pathsOnNoVolume);
        all.put("same-name-containers", CraftedReviews::sameNameContainers);
        all.put("nested-long-keys", CraftedReviews::nestedLongKeys);
        all.put("paths-x-mounts", CraftedReviews::pathsTimesMounts);
        all.put("paths-x-shared-mounts", CraftedReviews::pathsTimesSharedMounts);
        all.put("volumes-on-one-claim", CraftedReviews::volumesOnOneClaim);
        all.put("volumes-on-shared-claim", CraftedReviews::volumesOnSharedClaim);
        all.put("unverifiable-parties", CraftedReviews::unverifiableParties);
        all.put("parties-x-groups", CraftedReviews::partiesTimesGroups);
        all.put("missing-volumes", CraftedReviews::missingVolumes);
        all.put("paths-on-configmaps", CraftedReviews::pathsOnConfigMaps);
        all.put("read-only-warnings", CraftedReviews::readOnlyWarnings);
        all.put("update-same-violations", CraftedReviews::updateSameViolations);
        return all;
    }

    /** {@code walguard.dev/paths: /config} followed by n slashes, 16 mounts. */
    public static byte[] trailingSlashes(int n) {
        ObjectNode container = container("sonarr");
        ArrayNode volumes = F.arrayNode();
        for (int i = 0; i < 16; i++) {
            String name = i == 0 ? "config" : "m" + i;
            mount(container, name, i == 0 ? "/config" : "/m" + i + "/");
            volumes.add(i == 0 ? claimVolume(name, "sonarr-config") : emptyDir(name));
        }
        return deployment(
                "media",
                Map.of("walguard.dev/paths", "/config" + "/".repeat(n)),
                F.arrayNode().add(container),
                volumes);
    }

    /** A path that goes n directories down and n back up ({@code /a/a/../..}) before the database. */
    public static byte[] dotSegments(int n) {
        ObjectNode container = container("sonarr");
        mount(container, "config", "/config/./" + "x/../".repeat(n / 16));
        mount(container, "scratch", "/scratch");
        String path = "/scratch" + "/a".repeat(n / 4) + "/..".repeat(n / 4) + "/../config//sonarr.db";
        return deployment(
                "media",
                Map.of("walguard.dev/paths", path),
                F.arrayNode().add(container),
                F.arrayNode().add(claimVolume("config", "sonarr-config")).add(emptyDir("scratch")));
    }

    /** n/16 paths on no volume, n/16 containers without mounts. */
    public static byte[] pathsOnNoVolume(int n) {
        int count = Math.max(1, n / 16);
        ArrayNode containers = F.arrayNode();
        for (int i = 0; i < count; i++) {
            containers.add(container("c" + i));
        }
        return deployment(
                "media",
                Map.of("walguard.dev/paths", paths(count, i -> "/nowhere/" + i + ".db")),
                containers,
                F.arrayNode());
    }

    /** sqrt(n/30) containers all named "app", each mounting volume "config" sqrt(n/30) times. */
    public static byte[] sameNameContainers(int n) {
        int side = Math.max(1, (int) Math.sqrt(n / 30.0));
        ArrayNode containers = F.arrayNode();
        for (int c = 0; c < side; c++) {
            ObjectNode container = container("app");
            for (int m = 0; m < side; m++) {
                mount(container, "config", "/c" + m);
            }
            containers.add(container);
        }
        return deployment("media", Map.of(), containers, F.arrayNode().add(claimVolume("config", "sonarr-config")));
    }

    /**
     * A custom kind whose pod securityContext holds an unknown field nested 150 deep under keys of n/600
     * characters, ending in a list of n/8 empty objects (CRDs may preserve unknown fields).
     */
    public static byte[] nestedLongKeys(int n) {
        int depth = 150;
        String key = "k".repeat(Math.max(1, n / (4 * depth)));
        ArrayNode leaf = F.arrayNode();
        for (int i = 0; i < n / 8; i++) {
            leaf.addObject();
        }
        ObjectNode nested = F.objectNode();
        ObjectNode at = nested;
        for (int d = 0; d < depth; d++) {
            at = at.putObject(key + d);
        }
        at.set("items", leaf);
        ObjectNode container = container("app");
        mount(container, "config", "/config");
        ObjectNode podSpec =
                podSpec(F.arrayNode().add(container), F.arrayNode().add(claimVolume("config", "sonarr-config")));
        podSpec.putObject("securityContext").set("extensions", nested);
        ObjectNode object = workload("argoproj.io/v1alpha1", "Rollout", "media", Map.of(), podSpec);
        return review("argoproj.io", "v1alpha1", "Rollout", "media", "CREATE", object, null);
    }

    /** One container with n/80 emptyDir volumes at /m/i, and a path on each: distinct mount paths. */
    public static byte[] pathsTimesMounts(int n) {
        int count = Math.max(1, n / 80);
        ObjectNode container = container("app");
        ArrayNode volumes = F.arrayNode();
        for (int i = 0; i < count; i++) {
            mount(container, "v" + i, "/m/" + i);
            volumes.add(emptyDir("v" + i));
        }
        return deployment(
                "media",
                Map.of("walguard.dev/paths", paths(count, i -> "/m/" + i + "/app.db")),
                F.arrayNode().add(container),
                volumes);
    }

    /**
     * n/160 containers that each mount their own volume at /data, plus one container with n/160 mounts below
     * /data, and a path below each of those: every path is covered by every container's /data mount.
     */
    public static byte[] pathsTimesSharedMounts(int n) {
        int count = Math.max(1, n / 160);
        ArrayNode containers = F.arrayNode();
        ArrayNode volumes = F.arrayNode();
        ObjectNode deep = container("deep");
        for (int i = 0; i < count; i++) {
            ObjectNode c = container("c" + i);
            mount(c, "d" + i, "/data");
            containers.add(c);
            volumes.add(emptyDir("d" + i));
            mount(deep, "s" + i, "/data/s" + i);
            volumes.add(emptyDir("s" + i));
        }
        containers.add(deep);
        return deployment(
                "media",
                Map.of("walguard.dev/paths", paths(count, i -> "/data/s" + i + "/app.db")),
                containers,
                volumes);
    }

    /** n/60 volumes, all on the NFS claim media/sonarr-config, each mounted once: one WAL001 each. */
    public static byte[] volumesOnOneClaim(int n) {
        return volumesOnClaim("media", "sonarr-config", Math.max(1, n / 60), "CREATE");
    }

    /** As {@link #volumesOnOneClaim}, on apps/shared-db, which marked pods of other workloads mount. */
    public static byte[] volumesOnSharedClaim(int n) {
        return volumesOnClaim("apps", "shared-db", Math.max(1, n / 60), "CREATE");
    }

    /** An UPDATE whose old object has the same n/120 violations (each object is half the body). */
    public static byte[] updateSameViolations(int n) {
        return volumesOnClaim("media", "sonarr-config", Math.max(1, n / 120), "UPDATE");
    }

    /** {@code count} volumes on one claim, one container mounting each at /v/i. */
    public static byte[] volumesOnClaim(String namespace, String claim, int count, String operation) {
        ObjectNode container = container("app");
        container.putObject("securityContext").put("runAsUser", 4000);
        ArrayNode volumes = F.arrayNode();
        for (int i = 0; i < count; i++) {
            mount(container, "v" + i, "/v/" + i);
            volumes.add(claimVolume("v" + i, claim));
        }
        ObjectNode object = workload(
                "apps/v1",
                "Deployment",
                namespace,
                Map.of(),
                podSpec(F.arrayNode().add(container), volumes));
        return review(
                "apps", "v1", "Deployment", namespace, operation, object, "UPDATE".equals(operation) ? object : null);
    }

    /** n/50 containers of one image without runAsUser, all mounting one volume: WAL006 over every pair. */
    public static byte[] unverifiableParties(int n) {
        int count = Math.max(2, n / 50);
        ArrayNode containers = F.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode c = container("c" + i);
            mount(c, "data", "/data");
            containers.add(c);
        }
        ObjectNode last = container("other");
        last.put("image", "example.com/other:1");
        mount(last, "data", "/data");
        containers.add(last);
        return deployment("media", Map.of(), containers, F.arrayNode().add(emptyDir("data")));
    }

    /** n/100 containers with their own runAsUser sharing a volume, in a pod with n/20 supplemental groups. */
    public static byte[] partiesTimesGroups(int n) {
        int count = Math.max(2, n / 100);
        ArrayNode containers = F.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode c = container("c" + i);
            c.putObject("securityContext").put("runAsUser", 1000 + i);
            mount(c, "data", "/data");
            containers.add(c);
        }
        ObjectNode podSpec = podSpec(containers, F.arrayNode().add(emptyDir("data")));
        ArrayNode groups = podSpec.putObject("securityContext").putArray("supplementalGroups");
        for (int g = 0; g < n / 20; g++) {
            groups.add(100000 + g);
        }
        ObjectNode object = workload("apps/v1", "Deployment", "media", Map.of(), podSpec);
        return review("apps", "v1", "Deployment", "media", "CREATE", object, null);
    }

    /** walguard.dev/volumes names n/40 volumes that do not exist, beside n/60 that do. */
    public static byte[] missingVolumes(int n) {
        ObjectNode container = container("app");
        mount(container, "v0", "/v0");
        ArrayNode volumes = F.arrayNode();
        for (int i = 0; i < Math.max(1, n / 60); i++) {
            volumes.add(emptyDir("v" + i));
        }
        return deployment(
                "media",
                Map.of("walguard.dev/volumes", paths(Math.max(1, n / 40), i -> "gone" + i)),
                F.arrayNode().add(container),
                volumes);
    }

    /** n/160 containers each mounting its own configMap at /etc/app, and n/160 paths below it. */
    public static byte[] pathsOnConfigMaps(int n) {
        int count = Math.max(1, n / 160);
        ArrayNode containers = F.arrayNode();
        ArrayNode volumes = F.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode c = container("c" + i);
            mount(c, "cm" + i, "/etc/app");
            containers.add(c);
            ObjectNode v = F.objectNode().put("name", "cm" + i);
            v.putObject("configMap").put("name", "settings");
            volumes.add(v);
        }
        return deployment(
                "media", Map.of("walguard.dev/paths", paths(count, i -> "/etc/app/" + i + ".db")), containers, volumes);
    }

    /**
     * n/70 emptyDir volumes, each mounted read-only and named in walguard.dev/volumes (read-only volumes are out of
     * the implicit scope): one WAL004 warning each.
     */
    public static byte[] readOnlyWarnings(int n) {
        ObjectNode container = container("app");
        ArrayNode volumes = F.arrayNode();
        StringJoiner names = new StringJoiner(",");
        for (int i = 0; i < Math.max(1, n / 70); i++) {
            mount(container, "v" + i, "/v/" + i).put("readOnly", true);
            volumes.add(emptyDir("v" + i));
            names.add("v" + i);
        }
        return deployment(
                "media",
                Map.of("walguard.dev/volumes", names.toString()),
                F.arrayNode().add(container),
                volumes);
    }

    /** The largest n whose review fits in {@link #MAX_BYTES}; sizes grow about linearly in n. */
    public static int largestN(IntFunction<byte[]> build) {
        int n = 1 << 16;
        int size = build.apply(n).length;
        int guess = (int) ((long) n * MAX_BYTES / size);
        while (build.apply(guess).length > MAX_BYTES) {
            guess = guess * 97 / 100;
        }
        return guess;
    }

    // --- building blocks

    private static String paths(int count, IntFunction<String> path) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            joined.add(path.apply(i));
        }
        return joined.toString();
    }

    private static ObjectNode container(String name) {
        return F.objectNode().put("name", name).put("image", "lscr.io/linuxserver/sonarr:4");
    }

    private static ObjectNode mount(ObjectNode container, String volume, String path) {
        ArrayNode mounts = container.has("volumeMounts")
                ? (ArrayNode) container.get("volumeMounts")
                : container.putArray("volumeMounts");
        return mounts.addObject().put("name", volume).put("mountPath", path);
    }

    private static ObjectNode claimVolume(String name, String claim) {
        ObjectNode v = F.objectNode().put("name", name);
        v.putObject("persistentVolumeClaim").put("claimName", claim);
        return v;
    }

    private static ObjectNode emptyDir(String name) {
        ObjectNode v = F.objectNode().put("name", name);
        v.putObject("emptyDir");
        return v;
    }

    private static ObjectNode podSpec(ArrayNode containers, ArrayNode volumes) {
        ObjectNode spec = F.objectNode();
        spec.set("containers", containers);
        spec.set("volumes", volumes);
        return spec;
    }

    private static ObjectNode workload(
            String apiVersion, String kind, String namespace, Map<String, String> annotations, ObjectNode podSpec) {
        ObjectNode object = F.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        object.putObject("metadata").put("name", "crafted").put("namespace", namespace);
        ObjectNode template = object.putObject("spec").putObject("template");
        ObjectNode podAnnotations =
                template.putObject("metadata").putObject("annotations").put("walguard.dev/sqlite-wal", "true");
        annotations.forEach(podAnnotations::put);
        template.set("spec", podSpec);
        return object;
    }

    /** A marked Deployment with these containers and volumes and pod annotations, as a CREATE review. */
    public static byte[] deployment(
            String namespace, Map<String, String> annotations, ArrayNode containers, ArrayNode volumes) {
        ObjectNode object = workload("apps/v1", "Deployment", namespace, annotations, podSpec(containers, volumes));
        return review("apps", "v1", "Deployment", namespace, "CREATE", object, null);
    }

    /** An admission.k8s.io/v1 review of {@code object} (and {@code oldObject}, or none). */
    public static byte[] review(
            String group,
            String version,
            String kind,
            String namespace,
            String operation,
            ObjectNode object,
            ObjectNode oldObject) {
        ObjectNode review =
                F.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "5d1f4c1e-crafted");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.put("namespace", namespace).put("name", "crafted").put("operation", operation);
        request.set("object", object);
        if (oldObject != null) {
            request.set("oldObject", oldObject);
        }
        try {
            return JSON.writeValueAsBytes(review);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
