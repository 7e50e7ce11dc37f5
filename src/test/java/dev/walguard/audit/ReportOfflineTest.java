package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.http.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /report} and the audit metrics on the bundled example cluster (offline; see examples/README.md). Marked
 * top-level workloads: Deployments apps/report-writer (uid 1000) and apps/metrics-exporter (uid 65534), CronJob
 * apps/db-migrate (uid 2000), all on apps/shared-db (local-path, hostPath PV: local, so no WAL001/WAL003). The
 * ReplicaSets, the Job and both Pods have controllers, so they count as their owners'. The running report-writer
 * pod (1000) is a party on shared-db for the other two; neither side is root and no common group is set: WAL002
 * violations. The db-migrate pod has Succeeded and counts for nobody, and report-writer's own pod is its own:
 * report-writer is clean. Every container sets its UID, so no WAL006; nothing is read-only, so no WAL004. In media,
 * Deployment radarr (uid 1000, subPath radarr of arr-config) is clean: its running pod is its own.
 */
@QuarkusTest
class ReportOfflineTest {

    private static final String WAL002 = "WAL002 %s cannot share the SQLite WAL database on volume \"%s\" (claim "
            + "shared-db, StorageClass local-path, driver rancher.io/local-path) between container %s (uid %d) and "
            + "pod apps/report-writer-5f7d8c9b6-x2x9q container report-writer (uid 1000) because they run as "
            + "different UIDs with no common group: -shm and -wal belong to whoever opens the database first, and "
            + "the others fail with SQLITE_READONLY. Volume \"%2$s\" is checked because no walguard.dev/volumes or "
            + "walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
            + "walguard.dev/volumes or walguard.dev/paths, or run every container that opens the database with the same "
            + "runAsUser, or give them all a common fsGroup or supplemental group.";

    private static Map<String, Object> workload(
            String kind, String apiVersion, String name, String uid, List<Map<String, Object>> findings) {
        return workload("apps", kind, apiVersion, name, uid, findings);
    }

    private static Map<String, Object> workload(
            String namespace,
            String kind,
            String apiVersion,
            String name,
            String uid,
            List<Map<String, Object>> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", namespace);
        m.put("kind", kind);
        m.put("apiVersion", apiVersion);
        m.put("name", name);
        m.put("uid", uid);
        m.put("mode", "enforce");
        m.put("findings", findings);
        return m;
    }

    private static Map<String, Object> wal002(String display, String volume, String container, int uid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", "WAL002");
        m.put("ruleName", "uid-mismatch");
        m.put("severity", "violation");
        m.put("message", String.format(WAL002, display, volume, container, uid));
        m.put("volume", volume);
        m.put("claim", "shared-db");
        m.put("storageClass", "local-path");
        m.put("driver", "rancher.io/local-path");
        m.put("containers", List.of(container, "apps/report-writer-5f7d8c9b6-x2x9q/report-writer"));
        return m;
    }

    /**
     * The unmarked wiki: the node agent found its WAL database on NFS (examples/cluster/nodeobservations.yaml). Its
     * Deployment is known only from the pod's owner chain, whose ReplicaSet names its uid.
     */
    private static Map<String, Object> wal008() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", "WAL008");
        m.put("ruleName", "observed-wal-network");
        m.put("severity", "violation");
        m.put(
                "message",
                "WAL008 Deployment apps/wiki cannot keep its SQLite WAL database \"wiki.db\" on volume \"data\" (claim "
                        + "wiki-data, StorageClass nfs-client) because it is a network filesystem, observed on node "
                        + "worker-1: nfs4 from nfs.storage.lan:/exports/k8s/pvc-11111111-aaaa-4bbb-8ccc-00000000000d (pod "
                        + "wiki-7d9c8b6f5-p4m2x). The node agent found the database in WAL mode there; its hosts do not "
                        + "share the memory-mapped, fcntl-locked -shm wal-index, so it corrupts. No walguard rule checked "
                        + "this volume at admission: neither walguard.dev/sqlite-wal with walguard.dev/volumes or "
                        + "walguard.dev/paths nor a catalogued image covers it. Fix: Move the database to a ReadWriteOnce "
                        + "claim on a block or local StorageClass, and mark the workload with walguard.dev/sqlite-wal: "
                        + "\"true\" so admission checks it from now on.");
        m.put("volume", "data");
        m.put("claim", "wiki-data");
        m.put("storageClass", "nfs-client");
        m.put("driver", "nfs.csi.k8s.io");
        m.put("containers", List.of("wiki"));
        return m;
    }

    @Test
    void reportListsEveryMarkedWorkloadWithItsFindings() {
        JsonPath r = Management.given()
                .get("/report")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(r.getBoolean("enabled")).isTrue();
        assertThat(r.getString("lastPass")).isNotNull();
        assertThat(r.<Object>getList("workloads"))
                .containsExactly(
                        workload(
                                "CronJob",
                                "batch/v1",
                                "db-migrate",
                                "ed3e8b4e-f71e-49c4-9f67-d7e6166cff04",
                                List.of(wal002("CronJob apps/db-migrate", "db", "migrate", 2000))),
                        workload(
                                "Deployment",
                                "apps/v1",
                                "metrics-exporter",
                                "252859ff-6ef0-4aa2-b4d7-630a4cd2b285",
                                List.of(wal002("Deployment apps/metrics-exporter", "data", "exporter", 65534))),
                        workload(
                                "Deployment",
                                "apps/v1",
                                "report-writer",
                                "9e36dac8-7386-4422-aeb1-9a61711db663",
                                List.of()),
                        workload(
                                "Deployment",
                                "apps/v1",
                                "wiki",
                                "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716",
                                List.of(wal008())),
                        workload(
                                "media",
                                "Deployment",
                                "apps/v1",
                                "radarr",
                                "2c3ffabf-c1e8-401a-8247-e76eadaee459",
                                List.of()));
    }

    @Test
    void metricsCountTheFindingsAndTheSyncState() {
        String metrics = Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> findings =
                metrics.lines().filter(l -> l.startsWith("walguard_findings{")).toList();
        assertThat(findings)
                .containsExactly(
                        "walguard_findings{namespace=\"apps\",rule=\"WAL002\",severity=\"violation\"} 2.0",
                        "walguard_findings{namespace=\"apps\",rule=\"WAL008\",severity=\"violation\"} 1.0");
        assertThat(metrics.lines())
                .contains(
                        "walguard_cache_synced 1.0",
                        "walguard_node_observations{state=\"fresh\"} 1.0",
                        "walguard_node_observations{state=\"expired\"} 0.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("walguard_audit_pass_duration_seconds_count ")))
                .singleElement()
                .satisfies(l -> assertThat(Double.parseDouble(l.split(" ")[1])).isGreaterThanOrEqualTo(1));
    }
}
