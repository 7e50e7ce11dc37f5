package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link DriverFacts} the classifier hands the catalog: from a StorageClass (with the claim's overrides), from a
 * PersistentVolume's driver source, and from both merged when the PV's attributes alone do not decide.
 */
final class VolumeFacts {

    /** A dispatcher provisioner (Huawei CCE's {@code everest-csi-provisioner}) names the real driver here. */
    static final String CSI_DRIVER_NAME = "csi.storage.k8s.io/csi-driver-name";
    /** HPE: the class parameters a claim may override with an annotation {@code <provisioner>/<key>}. */
    static final String ALLOW_OVERRIDES = "allowOverrides";
    /** The in-tree Portworx provisioner, which in-tree {@code portworxVolume} PVs came from. */
    static final String PORTWORX_IN_TREE = "kubernetes.io/portworx-volume";

    private VolumeFacts() {}

    /** The driver a class provisions with: its provisioner, or the driver a dispatcher provisioner names. */
    static String classDriver(StorageClass sc) {
        String named = sc.getParameters() == null ? null : sc.getParameters().get(CSI_DRIVER_NAME);
        return named != null && !named.isBlank() ? named.trim() : sc.getProvisioner();
    }

    /** A StorageClass's facts, with the claim annotations that override the parameters it allows overriding. */
    static DriverFacts ofClass(
            StorageClass sc, List<String> accessModes, String volumeMode, Map<String, String> claimAnnotations) {
        return new DriverFacts(
                classDriver(sc),
                withOverrides(sc, claimAnnotations),
                null,
                sc.getMountOptions(),
                accessModes,
                volumeMode,
                null);
    }

    /**
     * A PV's driver source (CSI, flexVolume, in-tree Portworx, or a migrated in-tree source), if it has one; access
     * modes are the claim's and the PV's together, since the volume was made for the PV's.
     */
    static Optional<DriverFacts> ofPersistentVolume(
            PersistentVolume pv, String migratedTo, List<String> claimModes, String volumeMode) {
        PersistentVolumeSpec s = pv.getSpec();
        List<String> modes = accessModes(pv, claimModes);
        if (s.getCsi() != null) {
            return Optional.of(new DriverFacts(
                    s.getCsi().getDriver(),
                    s.getCsi().getVolumeAttributes(),
                    s.getCsi().getFsType(),
                    s.getMountOptions(),
                    modes,
                    volumeMode,
                    s.getCsi().getVolumeHandle()));
        }
        if (s.getFlexVolume() != null) {
            return Optional.of(new DriverFacts(
                    s.getFlexVolume().getDriver(),
                    s.getFlexVolume().getOptions(),
                    s.getFlexVolume().getFsType(),
                    s.getMountOptions(),
                    modes,
                    volumeMode,
                    null));
        }
        if (s.getPortworxVolume() != null) {
            // Only volumeID and fsType: whether it is a shared(v4) volume is in its StorageClass.
            return Optional.of(new DriverFacts(
                    PORTWORX_IN_TREE,
                    Map.of(),
                    s.getPortworxVolume().getFsType(),
                    s.getMountOptions(),
                    modes,
                    volumeMode,
                    s.getPortworxVolume().getVolumeID()));
        }
        if (migratedTo != null) {
            return Optional.of(
                    new DriverFacts(migratedTo, Map.of(), null, s.getMountOptions(), modes, volumeMode, null));
        }
        return Optional.empty();
    }

    /**
     * A PV's facts completed by its StorageClass: the class's parameters (with the claim's overrides) under the PV's
     * attributes, both lists of mount options. The PV's driver stays, since a dispatcher class names another.
     */
    static DriverFacts merged(DriverFacts pv, StorageClass sc, Map<String, String> claimAnnotations) {
        Map<String, String> params = new LinkedHashMap<>(withOverrides(sc, claimAnnotations));
        params.putAll(pv.parameters()); // the PV's attributes win; keys are lower-case in both
        List<String> mounts = new ArrayList<>(pv.mountOptions());
        if (sc.getMountOptions() != null) {
            mounts.addAll(sc.getMountOptions());
        }
        String driver = pv.driver() != null ? pv.driver() : classDriver(sc);
        return new DriverFacts(
                driver, lowerKeys(params), pv.fsType(), mounts, pv.accessModes(), pv.volumeMode(), pv.volumeHandle());
    }

    /** The claim's access modes and the PV's, in that order, without repeats. */
    static List<String> accessModes(PersistentVolume pv, List<String> claimModes) {
        LinkedHashSet<String> modes = new LinkedHashSet<>(claimModes);
        if (pv != null && pv.getSpec() != null && pv.getSpec().getAccessModes() != null) {
            modes.addAll(pv.getSpec().getAccessModes());
        }
        return List.copyOf(modes);
    }

    private static Map<String, String> withOverrides(StorageClass sc, Map<String, String> claimAnnotations) {
        Map<String, String> params = new LinkedHashMap<>(lowerKeys(sc.getParameters()));
        String allowed = params.get(ALLOW_OVERRIDES.toLowerCase(Locale.ROOT));
        if (allowed == null || claimAnnotations.isEmpty()) {
            return params;
        }
        for (String key : allowed.split(",")) {
            String k = key.trim();
            String value = k.isEmpty() ? null : claimAnnotations.get(sc.getProvisioner() + "/" + k);
            if (value != null) {
                params.put(k.toLowerCase(Locale.ROOT), value);
            }
        }
        return params;
    }

    private static Map<String, String> lowerKeys(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        return out;
    }

    /** The driver behind a PV: its CSI or flexVolume driver, in-tree Portworx, else what its annotations name. */
    static String driverOf(PersistentVolume pv) {
        if (pv.getSpec() != null && pv.getSpec().getCsi() != null) {
            return pv.getSpec().getCsi().getDriver();
        }
        if (pv.getSpec() != null && pv.getSpec().getFlexVolume() != null) {
            return pv.getSpec().getFlexVolume().getDriver();
        }
        if (pv.getSpec() != null && pv.getSpec().getPortworxVolume() != null) {
            return VolumeFacts.PORTWORX_IN_TREE;
        }
        Map<String, String> a = pv.getMetadata() == null || pv.getMetadata().getAnnotations() == null
                ? Map.of()
                : pv.getMetadata().getAnnotations();
        String migrated = a.get(StorageClassifier.MIGRATED_TO);
        return migrated != null ? migrated : a.get(StorageClassifier.PROVISIONED_BY);
    }
}
