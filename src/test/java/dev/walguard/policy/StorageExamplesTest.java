package dev.walguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-shaped StorageClasses, PersistentVolumes and claims copied from drivers' documentation, one per file in
 * {@code StorageExamplesTest/}, each with a {@code # source:} and an {@code # expect:} line (the expected type is the
 * expect line's first word). A {@code # claims:} line lists several claims instead, as
 * {@code <accessMode>[/Block]=<type>}. A StorageClass is claimed by an unbound claim, a PersistentVolume by a claim
 * bound to it (with the PV's access modes unless the claims line says otherwise), a claim is classified as it is;
 * further objects in the file join the cluster.
 */
class StorageExamplesTest {

    private static final Path DIR = Fixtures.dir("StorageExamplesTest");
    private static final String NS = "default";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    record Case(String file, String accessMode, String volumeMode, StorageType expected) {}

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String file = f.getFileName().toString();
                List<String> header = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .takeWhile(l -> l.startsWith("#"))
                        .toList();
                String source = line(header, "# source:");
                String expect = line(header, "# expect:");
                assertFalse(source.isBlank() || expect.isBlank(), file + " needs # source: and # expect: lines");
                String claims = line(header, "# claims:");
                String subject = file.replace(".yaml", "").replace('-', ' ');
                if (claims.isBlank()) {
                    StorageType t =
                            StorageType.valueOf(expect.split("[ —]")[0].trim().toUpperCase(Locale.ROOT));
                    out.add(Arguments.of(
                            subject + ": " + what(null, null) + " is " + word(t) + " ("
                                    + expect.split(" — ", 2)[expect.contains(" — ") ? 1 : 0] + ")",
                            new Case(file, null, null, t)));
                    continue;
                }
                for (String c : claims.split(",")) {
                    String[] kv = c.trim().split("=");
                    String[] mode = kv[0].split("/");
                    StorageType t = StorageType.valueOf(kv[1].trim().toUpperCase(Locale.ROOT));
                    String volumeMode = mode.length > 1 ? mode[1] : "Filesystem";
                    out.add(Arguments.of(
                            subject + ": " + what(mode[0], volumeMode) + " is " + word(t),
                            new Case(file, mode[0], volumeMode, t)));
                }
            }
        }
        assertTrue(out.size() >= 40, "the example folder lost files: " + out.size() + " cases");
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void examples(String name, Case c) {
        List<HasMetadata> objects = new ArrayList<>();
        for (ManifestReader.Manifest m : new ManifestReader().read(DIR.resolve(c.file()))) {
            objects.add(typed(m.object()));
        }
        HasMetadata subject = objects.get(0);
        String claimName = "data";
        if (subject instanceof PersistentVolumeClaim pvc) {
            claimName = pvc.getMetadata().getName();
            pvc.getMetadata().setNamespace(NS);
        } else if (subject instanceof StorageClass sc) {
            objects.add(claim(sc.getMetadata().getName(), null, modes(c, List.of("ReadWriteOnce")), c.volumeMode()));
        } else if (subject instanceof PersistentVolume pv) {
            String cls = pv.getSpec().getStorageClassName() == null
                    ? ""
                    : pv.getSpec().getStorageClassName();
            objects.add(claim(
                    cls,
                    pv.getMetadata().getName(),
                    modes(c, pv.getSpec().getAccessModes()),
                    c.volumeMode() != null ? c.volumeMode() : pv.getSpec().getVolumeMode()));
        } else {
            throw new AssertionError(c.file() + " starts with a " + subject.getKind());
        }
        Volume volume = new VolumeBuilder()
                .withName("db")
                .withNewPersistentVolumeClaim()
                .withClaimName(claimName)
                .endPersistentVolumeClaim()
                .build();
        StorageVerdict v =
                new StorageClassifier(StoragePatterns.NONE).classify(NS, volume, new SnapshotClusterView(objects));
        assertEquals(c.expected(), v.type(), c.file() + ": " + v.reason());
    }

    /**
     * storage.k8s.io/v1beta1 StorageClasses (still in old manifests) come back from the reader as fabric8's v1beta1
     * model class, which SnapshotClusterView does not take; the classifier does not care about the version, so the
     * test reads them as v1 StorageClasses (same fields).
     */
    private static HasMetadata typed(HasMetadata o) {
        if ("StorageClass".equals(o.getKind()) && !(o instanceof StorageClass)) {
            GenericKubernetesResource g = SERIALIZATION.convertValue(o, GenericKubernetesResource.class);
            g.setApiVersion("storage.k8s.io/v1");
            return SERIALIZATION.convertValue(g, StorageClass.class);
        }
        return o;
    }

    private static PersistentVolumeClaim claim(
            String storageClass, String volumeName, List<String> modes, String volumeMode) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withVolumeName(volumeName)
                .withAccessModes(modes)
                .withVolumeMode(volumeMode)
                .endSpec()
                .build();
    }

    private static List<String> modes(Case c, List<String> otherwise) {
        return c.accessMode() != null ? List.of(c.accessMode()) : otherwise;
    }

    private static String what(String accessMode, String volumeMode) {
        if (accessMode == null) {
            return "its claim";
        }
        return "a " + accessMode + ("Block".equals(volumeMode) ? " Block" : "") + " claim";
    }

    private static String word(StorageType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String line(List<String> header, String prefix) {
        return header.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .findFirst()
                .orElse("");
    }
}
