package dev.walguard.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is known about one volume's driver: from a StorageClass (parameters, mountOptions) or a PV (CSI
 * volumeAttributes, fsType, volumeHandle, mountOptions), plus the claim's access modes and volume mode.
 */
public record DriverFacts(
        String driver,
        Map<String, String> parameters,
        String fsType,
        List<String> mountOptions,
        List<String> accessModes,
        String volumeMode,
        String volumeHandle) {

    public DriverFacts {
        // Keys lower-cased once: the signals look up a dozen parameters per volume, case-insensitively.
        Map<String, String> lower = new java.util.HashMap<>();
        if (parameters != null) {
            parameters.forEach((k, v) -> {
                if (k != null && v != null) {
                    lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v.trim().toLowerCase(Locale.ROOT));
                }
            });
        }
        parameters = Map.copyOf(lower);
        mountOptions = mountOptions == null ? List.of() : List.copyOf(mountOptions);
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** A parameter value, lower-cased and trimmed, or "" when absent. Keys are matched case-insensitively. */
    public String param(String key) {
        return parameters.getOrDefault(key.toLowerCase(Locale.ROOT), "");
    }

    public boolean hasParam(String key) {
        return !param(key).isEmpty();
    }

    /** ReadWriteMany on a Filesystem-mode volume: a filesystem served to several nodes at once. */
    public boolean sharedFilesystem() {
        return accessModes.contains("ReadWriteMany") && isFilesystemMode();
    }

    /** ReadWriteMany or ReadOnlyMany on a Filesystem-mode volume. */
    public boolean manyNodesFilesystem() {
        return (accessModes.contains("ReadWriteMany") || accessModes.contains("ReadOnlyMany")) && isFilesystemMode();
    }

    private boolean isFilesystemMode() {
        return volumeMode == null || volumeMode.isEmpty() || "Filesystem".equals(volumeMode);
    }
}
