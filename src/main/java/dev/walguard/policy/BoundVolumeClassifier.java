package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Step 3 of {@link StorageClassifier}: the PersistentVolume bound to a claim, with its StorageClass when needed. */
final class BoundVolumeClassifier {

    private final DriverCatalog catalog;

    BoundVolumeClassifier(DriverCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The bound PV: its in-tree source, else its driver with its attributes. A mixed driver's default answer (see
     * {@link Answer}) only stands with the PV's StorageClass merged in; without a class the PV is undecided. A
     * {@code local}/{@code hostPath} source offered to several nodes is no evidence of node-local storage (local-path
     * serves those from a shared mount): the class decides, as for a driver's default.
     */
    Optional<Answer> classify(
            PersistentVolume pv,
            List<String> claimModes,
            String volumeMode,
            StorageClass sc,
            Map<String, String> claimAnnotations) {
        PersistentVolumeSpec s = pv.getSpec();
        if (s == null) {
            return Optional.empty();
        }
        String name = "PersistentVolume " + pv.getMetadata().getName();
        List<String> modes = VolumeFacts.accessModes(pv, claimModes);
        for (StorageType type : List.of(StorageType.NETWORK, StorageType.BLOCK, StorageType.LOCAL)) {
            Optional<Answer> source = InTreeSource.ofPersistentVolume(name, s, type);
            if (source.isPresent()
                    && type == StorageType.LOCAL
                    && (modes.contains("ReadWriteMany") || modes.contains("ReadOnlyMany"))) {
                DriverFacts local = new DriverFacts(
                        StorageClassifier.annotations(pv).get(StorageClassifier.PROVISIONED_BY),
                        Map.of(),
                        null,
                        s.getMountOptions(),
                        modes,
                        volumeMode,
                        null);
                return sc == null
                        ? Optional.empty()
                        : catalog.classify(VolumeFacts.merged(local, sc, claimAnnotations));
            }
            if (source.isPresent()) {
                return source;
            }
        }
        Optional<DriverFacts> facts = VolumeFacts.ofPersistentVolume(
                pv, StorageClassifier.annotations(pv).get(StorageClassifier.MIGRATED_TO), claimModes, volumeMode);
        if (facts.isEmpty()) {
            return NetworkSignals.of(
                    new DriverFacts(null, Map.of(), null, s.getMountOptions(), modes, volumeMode, null));
        }
        Optional<Answer> alone = catalog.classify(facts.get());
        if (alone.isEmpty() || !alone.get().fallback()) {
            return alone.or(() -> sc == null
                    ? Optional.empty()
                    : catalog.classify(VolumeFacts.merged(facts.get(), sc, claimAnnotations)));
        }
        return sc == null ? Optional.empty() : catalog.classify(VolumeFacts.merged(facts.get(), sc, claimAnnotations));
    }
}
