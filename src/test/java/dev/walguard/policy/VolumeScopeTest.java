package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WAL000 for a {@code walguard.dev/volumes} entry that names no volume, and the names its fix offers; paths on a
 * volume that holds no database, counted once however they are written.
 */
class VolumeScopeTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A marked StatefulSet app/db with these pod volumes and claim templates, naming volume "gone". */
    private static Workload statefulSet(List<String> volumes, List<String> templates) {
        ObjectNode object = F.objectNode().put("apiVersion", "apps/v1").put("kind", "StatefulSet");
        object.putObject("metadata").put("name", "db").put("namespace", "app");
        ObjectNode spec = object.putObject("spec");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata")
                .putObject("annotations")
                .put(Marking.SQLITE_WAL, "true")
                .put(Marking.VOLUMES, "gone");
        ObjectNode pod = template.putObject("spec");
        pod.putArray("containers").addObject().put("name", "app").put("image", "app:1");
        ArrayNode podVolumes = pod.putArray("volumes");
        volumes.forEach(v -> podVolumes.addObject().put("name", v).putObject("emptyDir"));
        ArrayNode claims = spec.putArray("volumeClaimTemplates");
        templates.forEach(t -> claims.addObject().putObject("metadata").put("name", t));
        return Workloads.of(object, null).orElseThrow();
    }

    @ParameterizedTest(name = "with volumes [{0}] and claim templates [{1}] the fix offers {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "''; ''; (the pod has no volumes)",
                "a b; ''; a, b",
                "a b a; t a; a, b, t, a",
                "v0 v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 v0 v11; t0 v3 t1 t0; "
                        + "v0, v1, v2, v3, v4, v5, v6, v7, v8, v9 and 5 more",
                "''; t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 t10; t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 and 1 more"
            })
    void aMissingVolumeIsNamedWithTheFirstNamesTheSpecHasAndACountOfTheRest(
            String volumes, String templates, String offered) {
        Workload w = statefulSet(names(volumes), names(templates));

        List<Finding> findings = new WorkloadEvaluator(PolicySettings.defaults())
                .evaluate(w, Fixtures.cluster("WorkloadEvaluatorTest", null));

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message())
                .isEqualTo("WAL000 annotation walguard.dev/volumes names \"gone\", which is not a volume of "
                        + "StatefulSet app/db, so nothing is checked for it. Fix: Name one of the pod's volumes: "
                        + offered + ".");
    }

    /** A marked Deployment app/web whose container mounts ConfigMap volume "settings" at /etc/app, naming paths. */
    private static Workload pathsOnAConfigMap(String paths) {
        ObjectNode object = F.objectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        object.putObject("metadata").put("name", "web").put("namespace", "app");
        ObjectNode template = object.putObject("spec").putObject("template");
        template.putObject("metadata")
                .putObject("annotations")
                .put(Marking.SQLITE_WAL, "true")
                .put(Marking.PATHS, paths);
        ObjectNode pod = template.putObject("spec");
        pod.putArray("containers")
                .addObject()
                .put("name", "app")
                .put("image", "app:1")
                .putArray("volumeMounts")
                .addObject()
                .put("name", "settings")
                .put("mountPath", "/etc/app");
        pod.putArray("volumes")
                .addObject()
                .put("name", "settings")
                .putObject("configMap")
                .put("name", "settings");
        return Workloads.of(object, null).orElseThrow();
    }

    @ParameterizedTest(name = "paths \"{0}\" on a ConfigMap count as {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "/etc/app/a.db; /etc/app/a.db lies on",
                "/etc/app/a.db, /etc/app/b.db; /etc/app/a.db (and 1 more) lies on",
                "/etc/app//a.db, /etc/app/a.db, /etc/app/./a.db/; /etc/app//a.db lies on",
                "/etc/app/a.db, /etc/app/x/../a.db, /etc/app/b.db/; /etc/app/a.db (and 1 more) lies on"
            })
    void pathsThatResolveAlikeCountOnceWhicheverWayTheyAreWritten(String paths, String counted) {
        List<Finding> findings = new WorkloadEvaluator(PolicySettings.defaults())
                .evaluate(pathsOnAConfigMap(paths), Fixtures.cluster("WorkloadEvaluatorTest", null));

        assertThat(findings)
                .extracting(Finding::message)
                .containsExactly("WAL000 annotation walguard.dev/paths entry " + counted
                        + " volume \"settings\" of Deployment app/web, a read-only configMap volume that cannot hold a "
                        + "SQLite database. Fix: Point the annotation at the volume that holds the database.");
    }

    private static List<String> names(String spaced) {
        return spaced.isBlank() ? List.of() : List.of(spaced.trim().split(" "));
    }
}
