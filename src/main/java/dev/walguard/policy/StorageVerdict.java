package dev.walguard.policy;

import java.util.List;

/**
 * How the storage behind one volume was classified, and what it was found through.
 *
 * @param type         the classification
 * @param reason       why, as a phrase that reads after "because": e.g. {@code driver nfs.csi.k8s.io serves NFS}
 * @param claim        the claim name, or null for inline volumes
 * @param storageClass the StorageClass name, or null when none applies
 * @param driver       the CSI driver or provisioner, or null when not known
 * @param accessModes  the claim's access modes (empty for inline volumes)
 */
public record StorageVerdict(
        StorageType type, String reason, String claim, String storageClass, String driver, List<String> accessModes) {

    public StorageVerdict {
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** True when the claim can only be mounted read-only (its only access mode is ReadOnlyMany). */
    public boolean readOnlyClaim() {
        return accessModes.size() == 1 && "ReadOnlyMany".equals(accessModes.get(0));
    }
}
