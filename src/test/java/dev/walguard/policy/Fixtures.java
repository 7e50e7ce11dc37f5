package dev.walguard.policy;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads YAML fixtures from src/test/resources/dev/walguard/policy/<test>/. */
final class Fixtures {

    private static final ManifestReader READER = new ManifestReader();

    private Fixtures() {}

    static Path dir(String test) {
        return Path.of("src/test/resources/dev/walguard/policy", test);
    }

    /** The first object of a case file. */
    static HasMetadata subject(String test, String caseName) {
        return READER.read(dir(test).resolve(caseName + ".yaml")).get(0).object();
    }

    /** The test's cluster.yaml plus any objects after the first one in the case file. */
    static SnapshotClusterView cluster(String test, String caseName) {
        List<HasMetadata> objects = new ArrayList<>();
        READER.read(dir(test).resolve("cluster.yaml")).forEach(m -> objects.add(m.object()));
        if (caseName != null) {
            List<ManifestReader.Manifest> own = READER.read(dir(test).resolve(caseName + ".yaml"));
            own.subList(1, own.size()).forEach(m -> objects.add(m.object()));
        }
        return new SnapshotClusterView(objects);
    }

    static Workload workload(String test, String caseName) {
        return Workloads.of(subject(test, caseName), null).orElseThrow();
    }

    /** {@code WAL001 violation data}: rule, severity and volume of each finding, in order. */
    static List<String> summary(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.rule() + " " + f.severity().label() + (f.volume() == null ? "" : " " + f.volume()))
                .toList();
    }
}
