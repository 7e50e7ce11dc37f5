package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies a volume defined inline in the pod (no claim): in-tree sources, then inline CSI and flexVolume drivers
 * through the configured patterns and the catalogue.
 */
final class InlineVolumeClassifier {

    private final StoragePatterns patterns;
    private final DriverCatalog catalog;

    InlineVolumeClassifier(StoragePatterns patterns, DriverCatalog catalog) {
        this.patterns = patterns;
        this.catalog = catalog;
    }

    StorageVerdict classify(Volume v) {
        // Network before local before drivers before block: the order these were always checked in.
        Optional<Answer> source = InTreeSource.ofPodVolume(v, StorageType.NETWORK);
        if (source.isEmpty()) {
            source = InTreeSource.ofPodVolume(v, StorageType.LOCAL);
        }
        if (source.isPresent()) {
            return inline(source.get().type(), source.get().reason(), null);
        }
        if (v.getCsi() != null || v.getFlexVolume() != null) {
            String driver = v.getCsi() != null
                    ? v.getCsi().getDriver()
                    : v.getFlexVolume().getDriver();
            Map<String, String> attrs = v.getCsi() != null
                    ? v.getCsi().getVolumeAttributes()
                    : v.getFlexVolume().getOptions();
            String fsType = v.getCsi() != null
                    ? v.getCsi().getFsType()
                    : v.getFlexVolume().getFsType();
            Optional<StoragePatterns.Match> m = patterns.match(driver);
            if (m.isPresent()) {
                return inline(
                        m.get().type(),
                        "driver " + driver + " matches " + m.get().setting() + " pattern \""
                                + m.get().pattern() + "\"",
                        driver);
            }
            return catalog.classify(new DriverFacts(driver, attrs, fsType, List.of(), List.of(), null, null))
                    .map(a -> inline(a.type(), a.reason(), driver))
                    .orElseGet(() -> inline(StorageType.UNKNOWN, unknownDriver(catalog, driver), driver));
        }
        Optional<Answer> block = InTreeSource.ofPodVolume(v, StorageType.BLOCK);
        if (block.isPresent()) {
            return inline(block.get().type(), block.get().reason(), null);
        }
        return inline(
                StorageType.UNKNOWN,
                "inline volume " + v.getName() + " has a volume source walguard does not know",
                null);
    }

    /** Why a driver left a volume unclassified: not in the catalog, or in it but undecided by what is set. */
    static String unknownDriver(DriverCatalog catalog, String driver) {
        return catalog.product(driver)
                .map(p -> "driver " + driver + " (" + p + ") serves both files and blocks, and nothing on the "
                        + "claim, PersistentVolume or StorageClass says which")
                .orElse("driver " + driver + " is not one walguard knows");
    }

    private static StorageVerdict inline(StorageType type, String reason, String driver) {
        return new StorageVerdict(type, reason, null, null, driver, List.of());
    }
}
