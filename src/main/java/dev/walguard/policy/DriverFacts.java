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
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        mountOptions = mountOptions == null ? List.of() : List.copyOf(mountOptions);
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** A parameter value, lower-cased and trimmed, or "" when absent. Keys are matched case-insensitively. */
    public String param(String key) {
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null) {
                return e.getValue().trim().toLowerCase(Locale.ROOT);
            }
        }
        return "";
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
