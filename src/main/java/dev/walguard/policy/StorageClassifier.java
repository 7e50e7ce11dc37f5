package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies the storage behind a volume as network, block, local or unknown, following the volume down
 * Pod → PVC → PV / StorageClass → driver. The first step that answers wins: admin annotation, configured driver
 * patterns, the bound PV, the StorageClass, the ReadWriteMany heuristic; otherwise unknown.
 */
public final class StorageClassifier {

    public static final String STORAGE_TYPE_ANNOTATION = "walguard.dev/storage-type";
    static final String MIGRATED_TO = "pv.kubernetes.io/migrated-to";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String CLAIM_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String CLAIM_PROVISIONER_BETA = "volume.beta.kubernetes.io/storage-provisioner";

    private final StoragePatterns patterns;
    private final DriverCatalog catalog = DriverCatalog.standard();

    private final InlineVolumeClassifier inlineVolumes;
    private final BoundVolumeClassifier boundVolumes = new BoundVolumeClassifier(catalog);
    private final ClaimVerdicts verdicts = new ClaimVerdicts();

    public StorageClassifier(StoragePatterns patterns) {
        this.patterns = patterns;
        this.inlineVolumes = new InlineVolumeClassifier(patterns, catalog);
    }

    /** A Pod volume: a claim, a generic ephemeral volume, or an inline source. */
    public StorageVerdict classify(String namespace, Volume volume, ClusterView view) {
        if (volume.getPersistentVolumeClaim() != null) {
            String claimName = volume.getPersistentVolumeClaim().getClaimName();
            Optional<PersistentVolumeClaim> claim = view.claim(namespace, claimName);
            if (claim.isEmpty()) {
                return new StorageVerdict(
                        StorageType.UNKNOWN,
                        "claim " + claimName + " does not exist in namespace " + namespace,
                        claimName,
                        null,
                        null,
                        List.of());
            }
            PersistentVolumeClaim c = claim.get();
            return classifyClaim(namespace, claimName, c, c.getSpec(), annotations(c), view);
        }
        if (volume.getEphemeral() != null && volume.getEphemeral().getVolumeClaimTemplate() != null) {
            return classifyClaim(
                    namespace,
                    null,
                    null,
                    volume.getEphemeral().getVolumeClaimTemplate().getSpec(),
                    Map.of(),
                    view);
        }
        return inlineVolumes.classify(volume);
    }

    /** A StatefulSet volumeClaimTemplate: its claims do not exist yet, so the template's spec decides. */
    public StorageVerdict classifyTemplate(String namespace, PersistentVolumeClaim template, ClusterView view) {
        return classifyClaim(namespace, null, null, template.getSpec(), annotations(template), view);
    }

    /** How a new ReadWriteOnce claim on this class would be classified (used to suggest safe classes). */
    public StorageType classifyClassForNewClaim(StorageClass sc) {
        DriverFacts facts = VolumeFacts.ofClass(sc, List.of("ReadWriteOnce"), "Filesystem", Map.of());
        Optional<StorageType> annotated =
                StorageType.parseAnnotated(annotations(sc).get(STORAGE_TYPE_ANNOTATION));
        if (annotated.isPresent()) {
            return annotated.get();
        }
        return patterns.match(sc.getProvisioner())
                .map(StoragePatterns.Match::type)
                .or(() -> catalog.classify(facts).map(Answer::type))
                .orElse(StorageType.UNKNOWN);
    }

    /** @param claim the claim as the view holds it, whose verdict is then kept ({@link ClaimVerdicts}); else null */
    private StorageVerdict classifyClaim(
            String namespace,
            String claimName,
            PersistentVolumeClaim claim,
            PersistentVolumeClaimSpec spec,
            Map<String, String> claimAnnotations,
            ClusterView view) {
        PersistentVolumeClaimSpec s = spec == null ? new PersistentVolumeClaimSpec() : spec;
        PersistentVolume pv = null;
        if (s.getVolumeName() != null && !s.getVolumeName().isEmpty()) {
            pv = view.persistentVolume(s.getVolumeName()).orElse(null);
        }
        if (pv == null && claimName != null) {
            pv = view.volumeClaimedBy(namespace, claimName).orElse(null);
        }

        String className = s.getStorageClassName();
        boolean noClass = "".equals(className);
        StorageClass sc = null;
        if (className == null) {
            if (pv != null) {
                // Already bound: the PV's class applies (or none). The default class did not provision this PV.
                if (pv.getSpec() != null
                        && pv.getSpec().getStorageClassName() != null
                        && !pv.getSpec().getStorageClassName().isEmpty()) {
                    className = pv.getSpec().getStorageClassName();
                    sc = view.storageClass(className).orElse(null);
                }
            } else {
                sc = DefaultStorageClass.choose(view.storageClasses()).orElse(null);
                if (sc != null) {
                    className = sc.getMetadata().getName();
                }
            }
        } else if (!noClass) {
            sc = view.storageClass(className).orElse(null);
        }
        if (claim == null) {
            return judge(claimName, s, className, pv, sc, claimAnnotations);
        }
        String shown = className;
        StorageClass cls = sc;
        PersistentVolume bound = pv;
        return verdicts.get(
                namespace, claimName, claim, pv, sc, () -> judge(claimName, s, shown, bound, cls, claimAnnotations));
    }

    /** The verdict on a claim (or template) once its PV and StorageClass are known: reads nothing else. */
    private StorageVerdict judge(
            String claimName,
            PersistentVolumeClaimSpec s,
            String className,
            PersistentVolume pv,
            StorageClass sc,
            Map<String, String> claimAnnotations) {
        List<String> accessModes = s.getAccessModes() == null ? List.of() : s.getAccessModes();
        String volumeMode = s.getVolumeMode();
        boolean noClass = "".equals(className);
        String pvDriver = pv == null ? null : VolumeFacts.driverOf(pv);
        String scDriver = sc == null ? null : VolumeFacts.classDriver(sc);
        String claimDriver =
                claimAnnotations.getOrDefault(CLAIM_PROVISIONER, claimAnnotations.get(CLAIM_PROVISIONER_BETA));
        String driver = firstNonNull(pvDriver, scDriver, claimDriver);
        String shownClass = noClass ? null : className;

        // 1. Admin annotation: PV first, then StorageClass.
        if (pv != null) {
            String value = annotations(pv).get(STORAGE_TYPE_ANNOTATION);
            Optional<StorageType> t = StorageType.parseAnnotated(value);
            if (t.isPresent()) {
                return verdict(
                        t.get(),
                        "PersistentVolume " + pv.getMetadata().getName() + " is annotated " + STORAGE_TYPE_ANNOTATION
                                + ": " + value.trim(),
                        claimName,
                        shownClass,
                        driver,
                        accessModes);
            }
        }
        if (sc != null) {
            String value = annotations(sc).get(STORAGE_TYPE_ANNOTATION);
            Optional<StorageType> t = StorageType.parseAnnotated(value);
            if (t.isPresent()) {
                return verdict(
                        t.get(),
                        "StorageClass " + sc.getMetadata().getName() + " is annotated " + STORAGE_TYPE_ANNOTATION + ": "
                                + value.trim(),
                        claimName,
                        shownClass,
                        driver,
                        accessModes);
            }
        }
        // 2. Configured driver patterns.
        for (String d : new String[] {pvDriver, scDriver, claimDriver}) {
            if (d == null) {
                continue;
            }
            Optional<StoragePatterns.Match> m = patterns.match(d);
            if (m.isPresent()) {
                return verdict(
                        m.get().type(),
                        "driver " + d + " matches " + m.get().setting() + " pattern \""
                                + m.get().pattern() + "\"",
                        claimName,
                        shownClass,
                        d,
                        accessModes);
            }
        }
        // 3. The bound PV; a mixed driver's default needs the class too (its attributes need not repeat what decides).
        if (pv != null) {
            Optional<Answer> a = boundVolumes.classify(pv, accessModes, volumeMode, sc, claimAnnotations);
            if (a.isPresent()) {
                return verdict(a.get().type(), a.get().reason(), claimName, shownClass, driver, accessModes);
            }
        }
        // 4. The StorageClass.
        if (sc != null) {
            Optional<Answer> a = catalog.classify(VolumeFacts.ofClass(sc, accessModes, volumeMode, claimAnnotations));
            if (a.isPresent()) {
                return verdict(a.get().type(), a.get().reason(), claimName, shownClass, driver, accessModes);
            }
        }
        // 5. ReadWriteMany filesystem volumes of a driver nobody recognised.
        boolean filesystem = volumeMode == null || volumeMode.isEmpty() || "Filesystem".equals(volumeMode);
        if ((driver != null || pv != null) && accessModes.contains("ReadWriteMany") && filesystem) {
            return verdict(
                    StorageType.NETWORK,
                    "ReadWriteMany filesystem volumes are served to several nodes",
                    claimName,
                    shownClass,
                    driver,
                    accessModes);
        }
        // 6. Unknown.
        String why;
        if (pv == null && sc == null) {
            if (noClass) {
                why =
                        "the claim sets storageClassName \"\" (static binding only) and no PersistentVolume is bound to it";
            } else if (className != null) {
                why = "StorageClass " + className + " does not exist";
            } else {
                why = "the claim names no StorageClass, no PersistentVolume is bound to it and the cluster has no "
                        + "default StorageClass";
            }
        } else if (driver != null) {
            why = InlineVolumeClassifier.unknownDriver(catalog, driver);
        } else {
            why = "PersistentVolume " + pv.getMetadata().getName() + " has a volume source walguard does not know";
        }
        return verdict(StorageType.UNKNOWN, why, claimName, shownClass, driver, accessModes);
    }

    private static StorageVerdict verdict(
            StorageType type, String reason, String claim, String sc, String driver, List<String> accessModes) {
        return new StorageVerdict(type, reason, claim, sc, driver, accessModes);
    }

    static Map<String, String> annotations(HasMetadata o) {
        if (o.getMetadata() == null || o.getMetadata().getAnnotations() == null) {
            return Map.of();
        }
        return o.getMetadata().getAnnotations();
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
